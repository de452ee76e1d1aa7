using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public class DetectionPredictionsJsonTests
{
    [Fact]
    public void Reads_entries_and_ignores_extra_properties()
    {
        const string json = """
            [
              {"image": "a.jpg", "class": 2, "score": 0.75, "box": [1, 2.5, 30, 40], "name": "wrist", "area": 12},
              {"image": "b.jpg", "class": 0, "score": 1, "box": [0, 0, 0, 0]}
            ]
            """;

        var preds = DetectionPredictionsJson.Parse(json);

        Assert.Equal(
            [
                new DetectionPrediction("a.jpg", 2, 0.75, new PixelBox(1, 2.5, 30, 40)),
                new DetectionPrediction("b.jpg", 0, 1, new PixelBox(0, 0, 0, 0)),
            ],
            preds);
    }

    [Fact]
    public void Reads_a_segmenter_outline_and_leaves_it_null_when_absent_or_null()
    {
        const string json = """
            [
              {"image": "a.jpg", "class": 2, "score": 0.75, "box": [1, 2, 30, 40], "polygon": [[1, 2], [30, 2.5], [15, 40]]},
              {"image": "b.jpg", "class": 0, "score": 1, "box": [0, 0, 1, 1], "polygon": null},
              {"image": "c.jpg", "class": 0, "score": 1, "box": [0, 0, 1, 1], "polygon": []}
            ]
            """;

        var preds = DetectionPredictionsJson.Parse(json);

        Assert.Equal([new PixelPoint(1, 2), new PixelPoint(30, 2.5), new PixelPoint(15, 40)], preds[0].Polygon);
        Assert.Null(preds[1].Polygon);
        Assert.Empty(preds[2].Polygon!);
    }

    [Fact]
    public void Skips_the_error_rows_of_images_predict_could_not_read_but_not_a_box_row_that_has_an_error_field()
    {
        const string rows = """
            [
              {"image": "broken.jpg", "error": "JPEG data ends before the image is complete"},
              {"image": "b.jpg", "class": 0, "score": 0.5, "box": [1, 2, 3, 4], "error": "extra"}
            ]
            """;

        Assert.Equal(new DetectionPrediction("b.jpg", 0, 0.5, new PixelBox(1, 2, 3, 4)), Assert.Single(DetectionPredictionsJson.Parse(rows)));
        var ex = Assert.Throws<PredictionsFormatException>(() => DetectionPredictionsJson.Parse("""[{"image": "x.jpg", "error": 3}]"""));
        Assert.Contains("entry 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skips_classifier_rows_and_keeps_counting_them_in_error_positions()
    {
        const string rows = """
            [
              {"image": "a.jpg", "task": "classify", "class": 1, "name": "wrist", "score": 0.9, "fractureProbability": 0.93},
              {"image": "b.jpg", "class": 0, "score": 0.5, "box": [1, 2, 3, 4]},
              {"image": "c.jpg", "task": "classify", "class": 0, "name": "no fracture", "score": 0.6, "fractureProbability": null}
            ]
            """;

        Assert.Equal(new DetectionPrediction("b.jpg", 0, 0.5, new PixelBox(1, 2, 3, 4)), Assert.Single(DetectionPredictionsJson.Parse(rows)));

        var ex = Assert.Throws<PredictionsFormatException>(() => DetectionPredictionsJson.Parse("""
            [{"image": "a.jpg", "task": "classify", "class": 1, "score": 0.9}, {"image": "b.jpg", "task": "detect", "class": 0, "score": 0.5}]
            """));
        Assert.Contains("entry 1: missing \"box\"", ex.Message);
    }

    [Fact]
    public void Rows_keep_each_class_name_and_count_the_classifier_rows()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                [
                  {"image": "a.jpg", "class": 1, "name": "wrist", "score": 0.5, "box": [0, 0, 4, 4]},
                  {"image": "b.jpg", "class": 1, "name": "wrist", "score": 0.4, "box": [0, 0, 4, 4]},
                  {"image": "b.jpg", "class": 0, "score": 0.3, "box": [0, 0, 4, 4]},
                  {"image": "c.jpg", "task": "classify", "class": 0, "name": "no fracture", "score": 0.9}
                ]
                """);

            var rows = DetectionPredictionsJson.ReadRows(path);

            Assert.Equal(3, rows.Predictions.Count);
            Assert.Equal(new Dictionary<int, string> { [1] = "wrist" }, rows.ClassNames);
            Assert.Equal(1, rows.ClassificationRows);

            File.WriteAllText(path, """
                [
                  {"image": "a.jpg", "class": 1, "name": "wrist", "score": 0.5, "box": [0, 0, 4, 4]},
                  {"image": "b.jpg", "class": 1, "name": "elbow", "score": 0.4, "box": [0, 0, 4, 4]}
                ]
                """);
            var ex = Assert.Throws<PredictionsFormatException>(() => DetectionPredictionsJson.ReadRows(path));
            Assert.Contains("entry 1: class 1 is named 'elbow' here and 'wrist' in an earlier row", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reads_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """[{"image": "a.jpg", "class": 1, "score": 0.5, "box": [0, 0, 4, 4]}]""");

            Assert.Equal(new DetectionPrediction("a.jpg", 1, 0.5, new PixelBox(0, 0, 4, 4)), Assert.Single(DetectionPredictionsJson.Read(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"image": "a.jpg"}""", "expected a JSON array")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5""", "not valid JSON")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": NaN, "box": [0, 0, 1, 1]}]""", "not valid JSON")]
    [InlineData("""[7]""", "entry 0: expected an object")]
    [InlineData("""[{"class": 0, "score": 0.5, "box": [0, 0, 1, 1]}]""", "entry 0: missing \"image\"")]
    [InlineData("""[{"image": "", "class": 0, "score": 0.5, "box": [0, 0, 1, 1]}]""", "entry 0: \"image\" must be")]
    [InlineData("""[{"image": "a.jpg", "score": 0.5, "box": [0, 0, 1, 1]}]""", "entry 0: missing \"class\"")]
    [InlineData("""[{"image": "a.jpg", "class": 1.5, "score": 0.5, "box": [0, 0, 1, 1]}]""", "entry 0: \"class\" must be a non-negative integer")]
    [InlineData("""[{"image": "a.jpg", "class": -1, "score": 0.5, "box": [0, 0, 1, 1]}]""", "entry 0: \"class\" must be a non-negative integer")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "box": [0, 0, 1, 1]}]""", "entry 0: missing \"score\"")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": "NaN", "box": [0, 0, 1, 1]}]""", "entry 0: \"score\" must be a number")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 1.5, "box": [0, 0, 1, 1]}]""", "entry 0: \"score\" 1.5 is outside 0..1")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": -0.1, "box": [0, 0, 1, 1]}]""", "is outside 0..1")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5}]""", "entry 0: missing \"box\"")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1]}]""", "entry 0: \"box\" must be 4 numbers")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, "2"]}]""", "entry 0: \"box\" must be 4 numbers")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, 1e999]}]""", "entry 0: \"box\" must be 4 numbers")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, 1], "polygon": 5}]""", "entry 0: \"polygon\" must be a list of [x, y] points, found a number")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, 1], "polygon": [[0, 0], [1]]}]""", "entry 0: \"polygon\" point 1 must be [x, y] (two numbers), found [1]")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, 1], "polygon": [[0, "1"]]}]""", "entry 0: \"polygon\" point 0 must be [x, y]")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, 1], "polygon": [0, 1, 2]}]""", "entry 0: \"polygon\" point 0 must be [x, y]")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [5, 0, 1, 1]}]""", "entry 0: \"box\" [5, 0, 1, 1] has x2 < x1")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 5, 1, 1]}]""", "has x2 < x1 or y2 < y1")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 400000000, 10]}]""", "entry 0: \"box\" [0, 0, 400000000, 10] has a coordinate beyond ±1048576 px")]
    [InlineData("""[{"image": "a.jpg", "class": 0, "score": 0.5, "box": [-2e6, 0, 1, 10]}]""", "has a coordinate beyond")]
    public void Malformed_input_names_the_entry_and_the_problem(string json, string expected)
    {
        var ex = Assert.Throws<PredictionsFormatException>(() => DetectionPredictionsJson.Parse(json));

        Assert.Contains(expected, ex.Message);
        Assert.IsAssignableFrom<FractureException>(ex);
    }

    [Fact]
    public void A_polygon_far_outside_its_box_is_a_typed_error_naming_the_file_image_and_finding()
    {
        // Mask scoring would rasterise a 400,000 px square for this outline (an OverflowException, or gigabytes).
        var path = Path.Combine(Path.GetTempPath(), $"fracture-far-polygon-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            [
              {"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 10, 10], "polygon": [[0, 0], [10, 0], [0, 10]]},
              {"image": "b.jpg", "class": 1, "score": 0.5, "box": [0, 0, 10, 10], "polygon": [[0, 0], [400000, 0], [400000, 400000]]}
            ]
            """);
        try
        {
            var ex = Assert.Throws<PredictionsFormatException>(() => DetectionPredictionsJson.Read(path));

            Assert.Contains($"Predictions file '{path}': entry 1: image 'b.jpg', class 1, box [0, 0, 10, 10]: \"polygon\" point 1 (400000, 0) lies 399990 px outside the box", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Outlines_overrunning_their_box_as_traced_outlines_do_are_accepted_and_score()
    {
        // Ours sit on pixel corners up to half a decoded pixel (scaled to the file) outside the box; allow the slack.
        var far = DetectionPredictionsJson.PolygonOverrun;
        var json = $$"""
            [{"image": "x.png", "class": 0, "score": 0.9, "box": [0, 0, 10, 10], "polygon": [[-0.5, -0.5], [10.5, -0.5], [10.5, 10.5], [{{-far}}, 10]]}]
            """;

        var prediction = Assert.Single(DetectionPredictionsJson.Parse(json));
        var truth = new ImageGroundTruth("x.png", [new GroundTruthBox(0, new PixelBox(0, 0, 10, 10))]);

        Assert.InRange(ImageIoUMatrix.FromMasks(truth, [prediction]).IoU[0, 0], 0.01, 1);
    }

    [Fact]
    public void Error_names_the_index_of_a_later_entry()
    {
        const string json = """
            [
              {"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, 1]},
              {"image": "a.jpg", "class": 0, "score": 0.5, "box": [0, 0, 1, 1]},
              {"image": "a.jpg", "class": 0, "score": 2, "box": [0, 0, 1, 1]}
            ]
            """;

        var ex = Assert.Throws<PredictionsFormatException>(() => DetectionPredictionsJson.Parse(json));

        Assert.Contains("entry 2: \"score\" 2 is outside 0..1", ex.Message);
    }

    [Fact]
    public void Missing_file_is_a_fracture_error()
    {
        var ex = Assert.Throws<FractureException>(() => DetectionPredictionsJson.Read("/nonexistent/preds.json"));

        Assert.Contains("/nonexistent/preds.json", ex.Message);
    }
}
