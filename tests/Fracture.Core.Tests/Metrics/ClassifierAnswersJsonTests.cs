using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public sealed class ClassifierAnswersJsonTests
{
    [Fact]
    public void Answers_failed_images_and_box_rows_are_told_apart()
    {
        var read = ClassifierAnswersJson.Parse("""
            [
              {"image": "a.jpg", "task": "classify", "class": 2, "name": "elbow fracture", "score": 0.7, "fractureProbability": 0.8},
              {"image": "b.jpg", "task": "classify", "class": 0, "name": "no fracture", "score": 0.9, "fractureProbability": null},
              {"image": "c.jpg", "class": 0, "score": 0.5, "box": [1, 2, 3, 4]},
              {"image": "d.jpg", "error": "truncated JPEG"}
            ]
            """);

        Assert.Equal(
            [new ClassifierAnswer("a.jpg", 2, 0.7, 0.8), new ClassifierAnswer("b.jpg", 0, 0.9, null)],
            read.Answers);
        Assert.Equal("elbow fracture", read.ClassNames[2]);
        Assert.Equal("no fracture", read.ClassNames[0]);
        Assert.Equal(["d.jpg"], read.FailedImages);
        Assert.Equal(1, read.BoxRows);
    }

    [Fact]
    public void An_error_row_without_an_image_name_is_passed_over_as_the_detection_reader_passes_it_over()
    {
        // A non-string "image" crashed the reader (InvalidOperationException: "a bug in fracture"), and a missing one
        // stopped it, where `eval detect` reads the same rows and goes on.
        const string Json = """[{"image": 7, "error": "x"}, {"error": "y"}, {"image": "", "error": "z"}, {"image": "d.jpg", "error": "truncated"}]""";

        var read = ClassifierAnswersJson.Parse(Json);

        Assert.Equal(["d.jpg"], read.FailedImages);
        Assert.Equal(0, read.BoxRows);
        Assert.Empty(DetectionPredictionsJson.Parse(Json));
    }

    [Theory]
    [InlineData("""[{"image": "a.jpg", "task": "classify", "class": 1, "score": 0.5}, {"image": "a.jpg", "task": "classify", "class": 2, "score": 0.5}]""",
        "Predictions: entry 1: a second answer for image 'a.jpg' (the first is entry 0); a classifier answers once per image.")]
    [InlineData("""[{"image": "a.jpg", "task": "classify", "class": 1, "score": 0.5, "fractureProbability": 1.5}]""",
        "Predictions: entry 0: \"fractureProbability\" must be a number in 0..1, found 1.5.")]
    [InlineData("""[{"image": "a.jpg", "task": "classify", "class": 1, "score": null}]""",
        "Predictions: entry 0: \"score\" must be a number in 0..1, found null.")]
    [InlineData("""[{"image": "a.jpg", "task": "classify", "class": -1, "score": 0.5}]""",
        "Predictions: entry 0: \"class\" must be a non-negative integer, found -1.")]
    [InlineData("""[{"image": "a.jpg", "task": "classify", "class": 1, "name": "x", "score": 0.5}, {"image": "b.jpg", "task": "classify", "class": 1, "name": "y", "score": 0.5}]""",
        "Predictions: entry 1: class 1 is named 'y' here and 'x' in an earlier row.")]
    [InlineData("""{"image": "a.jpg"}""", "Predictions: expected a JSON array of predictions, found an object.")]
    [InlineData("""[3]""", "Predictions: entry 0: expected an object, found a number.")]
    public void Malformed_answers_are_refused_with_the_entry(string json, string message)
    {
        var error = Assert.Throws<PredictionsFormatException>(() => ClassifierAnswersJson.Parse(json));

        Assert.Equal(message, error.Message);
    }
}
