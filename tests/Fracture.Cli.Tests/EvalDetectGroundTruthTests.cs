using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`fracture eval detect` on the fixture with predictions equal to the ground truth scores a perfect 1.</summary>
public sealed class EvalDetectGroundTruthTests : IDisposable
{
    /// <summary>Class 0, the square 40..60 of a 100 px image, as a polygon (a box and a mask alike).</summary>
    private const string Square = "0 0.4 0.4 0.6 0.4 0.6 0.6 0.4 0.6\n";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// Instance counts from fixtures/bone-fracture-mini/SOURCE.md: train holds 10 (9 after the profile drops the
    /// id-3 bone outline), valid 2, test 1; the profile merges nothing else.
    /// </summary>
    [Theory]
    [InlineData("train", "train", false, 10, 7)]
    [InlineData("train", "train", true, 9, 6)]
    [InlineData("val", "valid", false, 2, 2)]
    [InlineData("valid", "valid", true, 2, 2)]
    [InlineData("test", "test", false, 1, 1)]
    [InlineData("test", "test", true, 1, 1)]
    public void Predictions_equal_to_the_ground_truth_score_one(string split, string folder, bool useProfile, int instances, int classesWithInstances)
    {
        var profile = useProfile ? RepoPaths.Profile : null;
        var predictions = FixtureGroundTruth.Predictions(folder, profile);
        Assert.Equal(instances, predictions.Count);
        var predictionsFile = _temp.Write("predictions.json", FixtureGroundTruth.ToJson(predictions));
        var output = _temp.File("metrics.json");
        string[] args = ["eval", "detect", "--data", RepoPaths.FixtureYaml, "--split", split, "--predictions", predictionsFile, "--json", output];
        if (profile is not null)
        {
            args = [.. args, "--profile", profile];
        }

        var result = CliRunner.Run(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal(1.0, root.GetProperty("map50").GetDouble());
        Assert.Equal(1.0, root.GetProperty("map50_95").GetDouble());
        Assert.Equal(1.0, root.GetProperty("precision").GetDouble());
        Assert.Equal(1.0, root.GetProperty("recall").GetDouble());

        var perClass = root.GetProperty("perClass").EnumerateArray().ToList();
        Assert.Equal(useProfile ? 6 : 7, perClass.Count);
        Assert.Equal(instances, perClass.Sum(c => c.GetProperty("instances").GetInt32()));
        var scored = perClass.Where(c => c.GetProperty("instances").GetInt32() > 0).ToList();
        Assert.Equal(classesWithInstances, scored.Count);
        Assert.All(scored, c => Assert.Equal(1.0, c.GetProperty("ap50_95").GetDouble()));
        Assert.All(perClass.Except(scored), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("ap50").ValueKind));
    }

    /// <summary>
    /// bad.png's only row has class 6 under nc 6: its objects are unknown, so it is no negative and is left out, with a
    /// warning. Scored as a negative, the box on it would be a false positive ahead of the true one: AP50 1/2, not 1.
    /// </summary>
    [Fact]
    public void An_image_whose_label_rows_were_all_rejected_is_left_out_with_a_warning()
    {
        WriteSplitBesideOk("a, b, c, d, e, f", "bad", "6 0.5 0.5 0.1 0.1\n", "0 0.5 0.5 0.2 0.2\n");
        var predictions = _temp.Write("predictions.json", """
            [
              {"image": "ok.png", "class": 0, "score": 0.9, "box": [40, 40, 60, 60]},
              {"image": "bad.png", "class": 0, "score": 0.95, "box": [45, 45, 55, 55]}
            ]
            """);
        var output = _temp.File("metrics.json");

        var result = CliRunner.Run("eval", "detect", "--data", _temp.File("data.yaml"), "--predictions", predictions, "--json", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: 1 images of split 'val' left out of scoring: a label row was rejected", result.StdOut, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(1.0, json.RootElement.GetProperty("map50").GetDouble());
        Assert.Equal(1.0, json.RootElement.GetProperty("precision").GetDouble());
    }

    /// <summary>
    /// `predict --json` ends with an "error" row for each image it could not read (a truncated X-ray). Scoring that
    /// image's labels as missed charged the model with a file it never saw: here recall 1/2 and AP50 0.5, where
    /// `val --model` leaves such an image out and names it; and a labelled file that does not decode at all stopped
    /// the scoring.
    /// </summary>
    [Theory]
    [InlineData("detect")]
    [InlineData("segment")]
    public void An_image_the_predictions_file_says_was_not_predicted_is_left_out_with_a_warning(string task)
    {
        WriteSplitBesideOk("a", "cut", Square, Square);
        _temp.Write("val/images/junk.png", "not an image");
        _temp.Write("val/labels/junk.txt", Square);
        var predictions = _temp.Write("predictions.json", """
            [
              {"image": "ok.png", "class": 0, "score": 0.9, "box": [40, 40, 60, 60], "polygon": [[40, 40], [60, 40], [60, 60], [40, 60]]},
              {"image": "cut.png", "error": "PNG data ends before the image is complete"},
              {"image": "junk.png", "error": "not a JPEG, PNG, BMP or WebP image"}
            ]
            """);
        var output = _temp.File("metrics.json");

        var result = CliRunner.Run("eval", task, "--data", _temp.File("data.yaml"), "--predictions", predictions, "--json", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: 2 images left out of scoring: predictions.json says they could not be predicted (cut.png: PNG data ends", result.StdOut, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(1.0, json.RootElement.GetProperty("map50").GetDouble());
        Assert.Equal(1.0, json.RootElement.GetProperty("recall").GetDouble());
    }

    [Fact]
    public void Compare_leaves_an_image_one_file_could_not_predict_out_of_both_without_calling_it_off_the_split()
    {
        // The candidate predicted cut.png, the baseline could not: left out of both for a paired comparison, the
        // candidate's predictions on it were then warned about as on "images that are not in the split".
        WriteSplitBesideOk("a", "cut", Square, Square);
        var baseline = _temp.Write("baseline.json", """
            [
              {"image": "ok.png", "class": 0, "score": 0.9, "box": [40, 40, 60, 60]},
              {"image": "cut.png", "error": "PNG data ends before the image is complete"}
            ]
            """);
        var candidate = _temp.Write("candidate.json", """
            [
              {"image": "ok.png", "class": 0, "score": 0.8, "box": [40, 40, 60, 60]},
              {"image": "cut.png", "class": 0, "score": 0.7, "box": [40, 40, 60, 60]}
            ]
            """);

        var result = CliRunner.Run("eval", "compare", "--data", _temp.File("data.yaml"), "--baseline", baseline, "--candidate", candidate, "--resamples", "50");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: 1 images left out of scoring: baseline.json says they could not be predicted (cut.png: PNG data ends", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("not in the split", result.StdOut + result.StdErr, StringComparison.Ordinal);
        Assert.Contains("1 images, 50 paired resamples", result.StdOut, StringComparison.Ordinal);
    }

    /// <summary>A val split of two 100 px images, <paramref name="other"/>.png and ok.png, with these labels.</summary>
    private void WriteSplitBesideOk(string names, string other, string otherLabel, string okLabel)
    {
        _temp.Write("data.yaml", $"val: val/images\nnames: [{names}]\n");
        ImageFiles.Write(_temp.File($"val/images/{other}.png"), 100, 100);
        ImageFiles.Write(_temp.File("val/images/ok.png"), 100, 100);
        _temp.Write($"val/labels/{other}.txt", otherLabel);
        _temp.Write("val/labels/ok.txt", okLabel);
    }
}
