using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`fracture train detect` and `val detect` as a user runs them on the fixture set.</summary>
public sealed class TrainDetectTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Val_detect_writes_the_eval_detect_json_plus_fracture_present()
    {
        var runs = Path.Combine(_temp.Path, "runs");
        var trained = CliRunner.Run(
            "train", "detect", "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--imgsz", "64", "--batch", "4",
            "--epochs", "1", "--backbone-lr", "0.5", "--project", runs, "--name", "tiny");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains("finished after 1 epochs", trained.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"backboneLearningRateFactor\": 0.5", File.ReadAllText(Path.Combine(runs, "detect", "tiny", "options.json")), StringComparison.Ordinal);
        var json = _temp.File("val.json");

        var result = CliRunner.Run("val", "detect", "--weights", Path.Combine(runs, "detect", "tiny", "best"), "--split", "test", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("mAP50", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("fracture present", result.StdOut, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        foreach (var key in new[] { "map50", "map50_95", "precision", "recall", "f1", "confidence", "perClass", "confusion", "images", "fracturePresent" })
        {
            Assert.True(root.TryGetProperty(key, out _), key);
        }

        Assert.Equal(2, root.GetProperty("images").GetInt32());
        Assert.Equal(6, root.GetProperty("perClass").GetArrayLength());
        Assert.Equal("background", root.GetProperty("confusion").GetProperty("labels")[6].GetString());
    }

    [Fact]
    public void The_mask_options_belong_to_the_segmenter_and_are_checked()
    {
        var runs = Path.Combine(_temp.Path, "runs");
        var detect = CliRunner.Run("train", "detect", "--data", RepoPaths.FixtureYaml, "--mask-margin", "0.2", "--epochs", "1", "--project", runs);
        var detectLr = CliRunner.Run("train", "detect", "--data", RepoPaths.FixtureYaml, "--mask-lr", "0.5", "--epochs", "1", "--project", runs);
        var tooWide = CliRunner.Run("train", "segment", "--data", RepoPaths.FixtureYaml, "--mask-margin", "2", "--epochs", "1", "--project", runs);
        var zeroLr = CliRunner.Run("train", "segment", "--data", RepoPaths.FixtureYaml, "--mask-lr", "0", "--epochs", "1", "--project", runs);

        Assert.NotEqual(0, detect.ExitCode);
        Assert.Contains("--mask-margin", detect.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, detectLr.ExitCode);
        Assert.Contains("--mask-lr", detectLr.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, tooWide.ExitCode);
        Assert.Contains("mask-loss margin must be in [0, 1]", tooWide.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, zeroLr.ExitCode);
        Assert.Contains("mask learning-rate factor must be in (0, 10]", zeroLr.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(runs, "detect")) || Directory.Exists(Path.Combine(runs, "segment")));
    }

    [Fact]
    public void An_image_size_off_the_32_grid_is_a_one_line_error()
    {
        var result = CliRunner.Run(
            "train", "detect", "--data", RepoPaths.FixtureYaml, "--imgsz", "100", "--epochs", "1", "--project", Path.Combine(_temp.Path, "runs"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("multiple of 32", result.StdErr, StringComparison.Ordinal);
    }
}
