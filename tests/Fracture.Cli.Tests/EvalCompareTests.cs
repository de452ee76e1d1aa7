using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture eval compare` on two images with one class-a fracture each: the baseline finds the one in hit.png,
/// the candidate finds both. Worked by hand: the baseline's AP is 51/101 (recall 1/2 at precision 1) at every IoU;
/// a resample of two images is {hit, hit} (baseline AP 1) or {miss, miss} (AP 0) with probability 1/4 each, so the
/// 95 % interval runs from 0 to 1; the candidate scores 1 in every resample and is higher in 3/4 of them.
/// </summary>
public sealed class EvalCompareTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public EvalCompareTests()
    {
        _temp.Write("data.yaml", "val: val/images\nnames: [a]\n");
        ImageFiles.Write(_temp.File("val/images/hit.png"), 100, 100);
        ImageFiles.Write(_temp.File("val/images/miss.png"), 100, 100);
        _temp.Write("val/labels/hit.txt", "0 0.5 0.5 0.2 0.2\n");
        _temp.Write("val/labels/miss.txt", "0 0.5 0.5 0.2 0.2\n");
        _temp.Write("baseline.json", """[{"image": "hit.png", "class": 0, "score": 0.9, "box": [40, 40, 60, 60]}]""");
        _temp.Write("candidate.json", """
            [
              {"image": "hit.png", "class": 0, "score": 0.9, "box": [40, 40, 60, 60]},
              {"image": "miss.png", "class": 0, "score": 0.8, "box": [40, 40, 60, 60]}
            ]
            """);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Intervals_and_the_share_match_the_hand_worked_resampling()
    {
        var output = _temp.File("compare.json");

        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--split", "val", "--baseline", _temp.File("baseline.json"),
            "--candidate", _temp.File("candidate.json"), "--resamples", "4000", "--json", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 images, 4000 paired resamples (seed 0); 95 % intervals", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("0.505 (0.000 to 1.000)", result.StdOut, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var comparison = json.RootElement.GetProperty("comparison");
        var baseline = comparison.GetProperty("baseline").GetProperty("map50");
        Assert.Equal(51.0 / 101, baseline.GetProperty("estimate").GetDouble(), 9);
        Assert.Equal(0, baseline.GetProperty("lower").GetDouble(), 9);
        Assert.Equal(1, baseline.GetProperty("upper").GetDouble(), 9);
        Assert.Equal(1, comparison.GetProperty("candidate").GetProperty("map50To95").GetProperty("lower").GetDouble(), 9);
        Assert.Equal(50.0 / 101, comparison.GetProperty("difference").GetProperty("map50").GetProperty("estimate").GetDouble(), 9);
        Assert.InRange(comparison.GetProperty("shareCandidateHigherMap50").GetDouble(), 0.72, 0.78);
        Assert.Equal(4000, comparison.GetProperty("options").GetProperty("resamples").GetInt32());
        Assert.Equal("val", json.RootElement.GetProperty("split").GetString());
    }

    [Fact]
    public void Too_few_resamples_is_a_one_line_error()
    {
        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--baseline", _temp.File("baseline.json"),
            "--candidate", _temp.File("candidate.json"), "--resamples", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: resamples must be 10 to 100,000 (got 5)", result.StdErr.Trim());
    }

    [Fact]
    public void A_file_of_predictions_on_another_split_is_refused()
    {
        _temp.Write("other-split.json", """[{"image": "elsewhere.png", "class": 0, "score": 0.9, "box": [40, 40, 60, 60]}]""");

        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--split", "val", "--baseline", _temp.File("baseline.json"),
            "--candidate", _temp.File("other-split.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: --candidate {_temp.File("other-split.json")}: none of its 1 predictions is on an image of split 'val' (they are on 1 other images); were they made on another split?",
            result.StdErr.Trim());
    }

    [Fact]
    public void Predictions_on_images_outside_the_split_are_ignored_with_a_warning()
    {
        _temp.Write("partly.json", """
            [
              {"image": "hit.png", "class": 0, "score": 0.9, "box": [40, 40, 60, 60]},
              {"image": "elsewhere.png", "class": 0, "score": 0.8, "box": [40, 40, 60, 60]}
            ]
            """);

        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--split", "val", "--baseline", _temp.File("partly.json"),
            "--candidate", _temp.File("candidate.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: --baseline: 1 predictions on 1 images that are not in the split were ignored", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("--candidate:", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("0.505 (0.000 to 1.000)", result.StdOut, StringComparison.Ordinal);
    }
}
