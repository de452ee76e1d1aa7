using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture eval segment` and `eval compare --masks` on two 100x100 images with one class-a fracture each, worked by
/// hand. tri.png: a polygon label, the triangle (20,20) (60,20) (20,60) (extent [20,20,60,60]); sq.png: a box label,
/// [40,40,60,60], whose outline is the box (400 pixels).
/// <para>
/// Baseline: 0.9 on tri.png with box [20,20,60,60] and the label's own triangle as outline (mask IoU 1); 0.8 on sq.png
/// with box [40,40,60,60] and the outline [40,40,60,50] (200 pixels: mask IoU 1/2). By boxes both are exact: box mAP50
/// and mAP50-95 1. By masks the first is a true positive at every threshold, the second at 0.50 only: AP50 1; at 0.55
/// to 0.95 recall stops at 1/2 with precision 1, so AP = 51/101; AP50-95 = (1 + 9 * 51/101) / 10 = 56/101.
/// Candidate: the same with sq.png's outline the whole box: mask mAP50-95 1, so the difference is 45/101.
/// </para>
/// </summary>
public sealed class EvalSegmentTests : IDisposable
{
    private const double Tolerance = 1e-9;

    private readonly TempFolder _temp = new();

    public EvalSegmentTests()
    {
        _temp.Write("data.yaml", "val: val/images\nnames: [a]\n");
        ImageFiles.Write(_temp.File("val/images/tri.png"), 100, 100);
        ImageFiles.Write(_temp.File("val/images/sq.png"), 100, 100);
        _temp.Write("val/labels/tri.txt", "0 0.2 0.2 0.6 0.2 0.2 0.6\n");
        _temp.Write("val/labels/sq.txt", "0 0.5 0.5 0.2 0.2\n");
        _temp.Write("baseline.json", """
            [
              {"image": "tri.png", "class": 0, "score": 0.9, "box": [20, 20, 60, 60], "polygon": [[20, 20], [60, 20], [20, 60]]},
              {"image": "sq.png", "class": 0, "score": 0.8, "box": [40, 40, 60, 60], "polygon": [[40, 40], [60, 40], [60, 50], [40, 50]]}
            ]
            """);
        _temp.Write("candidate.json", """
            [
              {"image": "tri.png", "class": 0, "score": 0.9, "box": [20, 20, 60, 60], "polygon": [[20, 20], [60, 20], [20, 60]]},
              {"image": "sq.png", "class": 0, "score": 0.8, "box": [40, 40, 60, 60], "polygon": [[40, 40], [60, 40], [60, 60], [40, 60]]}
            ]
            """);
        _temp.Write("boxes.json", """[{"image": "sq.png", "class": 0, "score": 0.8, "box": [40, 40, 60, 60]}]""");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Boxes_and_masks_match_the_hand_worked_values()
    {
        var output = _temp.File("metrics.json");

        var result = CliRunner.Run("eval", "segment", "--data", _temp.File("data.yaml"), "--predictions", _temp.File("baseline.json"), "--json", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("masks", result.StdOut, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("map50").GetDouble(), Tolerance);
        Assert.Equal(1, root.GetProperty("map50_95").GetDouble(), Tolerance);
        var mask = root.GetProperty("mask");
        Assert.Equal(1, mask.GetProperty("map50").GetDouble(), Tolerance);
        Assert.Equal(56.0 / 101, mask.GetProperty("map50_95").GetDouble(), Tolerance);
        Assert.Equal(2, mask.GetProperty("perClass")[0].GetProperty("instances").GetInt32());
    }

    [Fact]
    public void A_detectors_file_is_refused_with_a_clear_error()
    {
        var result = CliRunner.Run("eval", "segment", "--data", _temp.File("data.yaml"), "--predictions", _temp.File("boxes.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("boxes.json has no \"polygon\" in any of its 1 predictions", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("segment")]
    [InlineData("detect")]
    public void A_classifiers_file_is_refused_not_scored_zero(string task)
    {
        _temp.Write("classes.json", """
            [
              {"image": "tri.png", "task": "classify", "class": 0, "name": "a", "score": 0.9},
              {"image": "sq.png", "task": "classify", "class": 0, "name": "a", "score": 0.8}
            ]
            """);

        var result = CliRunner.Run("eval", task, "--data", _temp.File("data.yaml"), "--predictions", _temp.File("classes.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("classes.json holds a classifier's answers only (2 rows, no boxes)", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Predictions_whose_class_names_differ_from_the_datasets_are_refused()
    {
        _temp.Write("two.yaml", "val: val/images\nnames: [a, b]\n");
        _temp.Write("named.json", """
            [
              {"image": "tri.png", "class": 0, "name": "a", "score": 0.9, "box": [20, 20, 60, 60]},
              {"image": "sq.png", "class": 1, "name": "c", "score": 0.8, "box": [40, 40, 60, 60]}
            ]
            """);

        var result = CliRunner.Run("eval", "detect", "--data", _temp.File("two.yaml"), "--predictions", _temp.File("named.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("class 1 is 'c' in named.json but 'b' in the dataset", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("detect", "--predictions")]
    [InlineData("segment", "--predictions")]
    [InlineData("compare", "--baseline")]
    [InlineData("compare", "--candidate")]
    public void A_json_output_that_names_an_input_is_refused_and_the_input_kept(string task, string input)
    {
        var target = _temp.File("baseline.json");
        var before = File.ReadAllText(target);
        string[] inputs = task == "compare"
            ? ["--baseline", input == "--baseline" ? target : _temp.File("candidate.json"), "--candidate", input == "--candidate" ? target : _temp.File("candidate.json"), "--masks"]
            : ["--predictions", target];

        var result = CliRunner.Run(["eval", task, "--data", _temp.File("data.yaml"), .. inputs, "--json", target]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--json names the {input} file", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(target));
    }

    [Fact]
    public void Compare_with_masks_bootstraps_the_mask_map()
    {
        var output = _temp.File("compare.json");

        var result = CliRunner.Run(
            "eval", "compare", "--masks", "--data", _temp.File("data.yaml"), "--baseline", _temp.File("baseline.json"),
            "--candidate", _temp.File("candidate.json"), "--resamples", "200", "--json", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("mask mAP50-95", result.StdOut, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("mask", json.RootElement.GetProperty("overlap").GetString());
        var comparison = json.RootElement.GetProperty("comparison");
        Assert.Equal(56.0 / 101, comparison.GetProperty("baseline").GetProperty("map50To95").GetProperty("estimate").GetDouble(), Tolerance);
        Assert.Equal(1, comparison.GetProperty("candidate").GetProperty("map50To95").GetProperty("estimate").GetDouble(), Tolerance);
        Assert.Equal(45.0 / 101, comparison.GetProperty("difference").GetProperty("map50To95").GetProperty("estimate").GetDouble(), Tolerance);
        Assert.Equal(0, comparison.GetProperty("difference").GetProperty("map50").GetProperty("estimate").GetDouble(), Tolerance);
    }

    [Fact]
    public void Compare_by_boxes_ignores_the_outlines()
    {
        var output = _temp.File("compare.json");

        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--baseline", _temp.File("baseline.json"),
            "--candidate", _temp.File("candidate.json"), "--resamples", "200", "--json", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("box", json.RootElement.GetProperty("overlap").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("comparison").GetProperty("difference").GetProperty("map50To95").GetProperty("estimate").GetDouble(), Tolerance);
    }
}
