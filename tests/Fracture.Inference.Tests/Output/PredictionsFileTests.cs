using System.Text.Json;
using Fracture.Core.Geometry;
using Fracture.Core.Metrics;
using Fracture.Core.Models;
using Fracture.Inference.Output;

namespace Fracture.Inference.Tests.Output;

/// <summary>The JSON and CSV predictions files: their exact text, and JSON read back by `eval detect`'s reader.</summary>
public sealed class PredictionsFileTests
{
    private static readonly NamedPrediction[] Sample =
    [
        new("a.jpg", new ImagePrediction(ModelTask.Detect, 640, 480,
        [
            new Finding(2, "wrist", 0.875, new PixelBox(10.5, 20, 110.25, 220)),
            new Finding(0, "elbow", 0.1, new PixelBox(0, 0, 1, 1)),
        ])),
        new("empty.png", new ImagePrediction(ModelTask.Detect, 64, 64, [])),
        new("seg, \"x\".png", new ImagePrediction(ModelTask.Segment, 100, 100,
        [
            new Finding(1, "fingers", 0.5, new PixelBox(1, 2, 9, 8), [new PixelPoint(1, 2), new PixelPoint(9, 2.5), new PixelPoint(5, 8)]),
        ])),
        new("c.jpg", new ImagePrediction(ModelTask.Classify, 32, 32, [], new ClassScores([0.27, 0.73], 1, "wrist", 0.73, 0.73, true))),
        new("d.jpg", new ImagePrediction(ModelTask.Classify, 32, 32, [], new ClassScores([0.6, 0.4], 0, "elbow", 0.6, null, null))),
    ];

    [Fact]
    public void Json_has_one_row_per_finding_and_per_classified_image()
    {
        var json = PredictionsJson.Serialize(Sample);

        const string expected = """
            [
              {"image":"a.jpg","class":2,"name":"wrist","score":0.875,"box":[10.5,20,110.25,220]},
              {"image":"a.jpg","class":0,"name":"elbow","score":0.1,"box":[0,0,1,1]},
              {"image":"seg, \"x\".png","class":1,"name":"fingers","score":0.5,"box":[1,2,9,8],"polygon":[[1,2],[9,2.5],[5,8]]},
              {"image":"c.jpg","task":"classify","class":1,"name":"wrist","score":0.73,"fractureProbability":0.73},
              {"image":"d.jpg","task":"classify","class":0,"name":"elbow","score":0.6,"fractureProbability":null}
            ]

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), json);
        Assert.Equal("[]\n", PredictionsJson.Serialize([]));
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(5, parsed.RootElement.GetArrayLength());
    }

    [Fact]
    public void Json_reads_back_through_the_eval_readers_without_the_classifier_rows_and_with_the_outline()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "sub", "predictions.json");

        PredictionsJson.Write(path, Sample);
        var read = DetectionPredictionsJson.Read(path);

        Assert.Equal(
            [
                new DetectionPrediction("a.jpg", 2, 0.875, new PixelBox(10.5, 20, 110.25, 220)),
                new DetectionPrediction("a.jpg", 0, 0.1, new PixelBox(0, 0, 1, 1)),
                new DetectionPrediction("seg, \"x\".png", 1, 0.5, new PixelBox(1, 2, 9, 8)),
            ],
            read.Select(p => p with { Polygon = null }));
        Assert.Null(read[0].Polygon);
        Assert.Equal([new PixelPoint(1, 2), new PixelPoint(9, 2.5), new PixelPoint(5, 8)], read[2].Polygon);
        Assert.Equal(["predictions.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Scores_are_rounded_to_six_decimals_and_coordinates_to_a_thousandth_of_a_pixel()
    {
        var box = new PixelBox(1.0 / 3, Math.PI, 100 + (1.0 / 7), 1e6 / 3);
        PixelPoint[] polygon = [new(0.12345, 9.87654), new(2, 3), new(4, 0.0004)];
        NamedPrediction[] predictions =
        [
            new("x.png", new ImagePrediction(ModelTask.Segment, 10, 10, [new Finding(0, "a", (double)0.9f, box, polygon)])),
            new("y.png", new ImagePrediction(ModelTask.Classify, 10, 10, [], new ClassScores([1.0 / 3, 2.0 / 3], 1, "b", 2.0 / 3, 2.0 / 3, true))),
        ];

        var json = PredictionsJson.Serialize(predictions);
        var read = Assert.Single(DetectionPredictionsJson.Parse(json));

        Assert.Equal(new PixelBox(0.333, 3.142, 100.143, 333333.333), read.Box);
        Assert.Equal(0.9, read.Score);
        Assert.Contains("\"polygon\":[[0.123,9.877],[2,3],[4,0]]", json, StringComparison.Ordinal);
        Assert.Contains("\"score\":0.666667,\"fractureProbability\":0.666667", json, StringComparison.Ordinal);
        Assert.Contains(",0.666667,,,,,0.666667,,", PredictionsCsv.Format(predictions), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_quotes_fields_as_rfc_4180_says_and_leaves_missing_values_empty()
    {
        var csv = PredictionsCsv.Format(Sample);

        string[] expected =
        [
            "image,task,class,name,score,x1,y1,x2,y2,fracture_probability,polygon,error",
            "a.jpg,detect,2,wrist,0.875,10.5,20,110.25,220,,,",
            "a.jpg,detect,0,elbow,0.1,0,0,1,1,,,",
            "\"seg, \"\"x\"\".png\",segment,1,fingers,0.5,1,2,9,8,,\"1 2;9 2.5;5 8\",",
            "c.jpg,classify,1,wrist,0.73,,,,,0.73,,",
            "d.jpg,classify,0,elbow,0.6,,,,,,,",
            string.Empty,
        ];
        Assert.Equal(string.Join("\r\n", expected), csv);
    }

    [Fact]
    public void Skipped_images_follow_the_predictions_as_error_rows_that_the_eval_reader_passes_over()
    {
        SkippedImage[] skipped = [new("broken.jpg", "JPEG data ends before the image is complete"), new("q,\"r\".png", "not an image: say \"no\"")];

        var json = PredictionsJson.Serialize(Sample[..1], skipped);
        var csv = PredictionsCsv.Format(Sample[..1], skipped);

        const string expectedJson = """
            [
              {"image":"a.jpg","class":2,"name":"wrist","score":0.875,"box":[10.5,20,110.25,220]},
              {"image":"a.jpg","class":0,"name":"elbow","score":0.1,"box":[0,0,1,1]},
              {"image":"broken.jpg","error":"JPEG data ends before the image is complete"},
              {"image":"q,\"r\".png","error":"not an image: say \"no\""}
            ]

            """;
        Assert.Equal(expectedJson.ReplaceLineEndings("\n"), json);
        Assert.Equal(2, DetectionPredictionsJson.Parse(json).Count);
        Assert.Equal("[\n  {\"image\":\"broken.jpg\",\"error\":\"JPEG data ends before the image is complete\"}\n]\n", PredictionsJson.Serialize([], skipped[..1]));
        Assert.Empty(DetectionPredictionsJson.Parse(PredictionsJson.Serialize([], skipped)));
        string[] expectedCsv =
        [
            PredictionsCsv.Header,
            "a.jpg,detect,2,wrist,0.875,10.5,20,110.25,220,,,",
            "a.jpg,detect,0,elbow,0.1,0,0,1,1,,,",
            "broken.jpg,,,,,,,,,,,JPEG data ends before the image is complete",
            "\"q,\"\"r\"\".png\",,,,,,,,,,,\"not an image: say \"\"no\"\"\"",
            string.Empty,
        ];
        Assert.Equal(string.Join("\r\n", expectedCsv), csv);
    }

    [Theory]
    [InlineData("plain.jpg", "plain.jpg")]
    [InlineData("a,b.jpg", "\"a,b.jpg\"")]
    [InlineData("say \"hi\".jpg", "\"say \"\"hi\"\".jpg\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("semi;colon space", "semi;colon space")]
    public void Csv_field_quoting(string value, string expected) =>
        Assert.Equal(expected, PredictionsCsv.Quote(value));

    [Fact]
    public void Csv_written_to_a_file_has_the_formatted_text()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "predictions.csv");

        PredictionsCsv.Write(path, Sample);

        Assert.Equal(PredictionsCsv.Format(Sample), File.ReadAllText(path));
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("fracture-inference-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
