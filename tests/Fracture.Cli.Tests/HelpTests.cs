using System.Text.RegularExpressions;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`--help` shows the whole tool.</summary>
public sealed class HelpTests
{
    [Fact]
    public void Root_help_lists_every_command()
    {
        var result = CliRunner.Run("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var listed = Regex.Matches(result.StdOut, @"^  ([a-z]+)  ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["dataset", "eval", "train", "val", "bench", "predict", "export", "serve"], listed);
        Assert.Contains("Usage:\n  fracture [command] [options]", result.StdOut.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdErr);
    }

    [Fact]
    public void Dataset_check_help_describes_its_options()
    {
        var result = CliRunner.Run("dataset", "check", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var help = result.StdOut;
        Assert.Matches(@"--data <data> \(REQUIRED\)\s+Path to the dataset's data\.yaml\.", help);
        Assert.Matches(@"--profile <profile>\s+Class profile \(JSON\) that renames, merges or drops classes", help);
        Assert.Matches(@"--json <json>\s+Also write the full report as JSON to this file\.", help);
        Assert.Contains("fracture dataset check [options]", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_detect_help_describes_the_predictions_format()
    {
        var result = CliRunner.Run("eval", "detect", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"--predictions <predictions> \(REQUIRED\)", result.StdOut);
        Assert.Contains("\"box\": [x1, y1, x2, y2]", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"--split <split>\s+Split to score against: train, val \(valid\) or test\. \[default: val\]", result.StdOut);
    }

    [Fact]
    public void Predict_help_describes_its_sources_and_outputs()
    {
        var result = CliRunner.Run("predict", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"--model <model> \(REQUIRED\)\s+ONNX model file", result.StdOut);
        Assert.Matches(@"--source <source> \(REQUIRED\)\s+An image file \(JPEG, PNG, BMP, WebP, TIFF or DICOM\), a folder of images, or a glob pattern", result.StdOut);
        Assert.Matches(@"--iou <iou>\s+NMS IoU threshold \(models with NMS inside ignore it\)\. \[default: 0\.7\]", result.StdOut);
        Assert.Matches(@"--json <json>\s+Write the predictions as JSON \(the `eval detect --predictions` format\)", result.StdOut);
        Assert.Contains("--save", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--recursive", result.StdOut, StringComparison.Ordinal);
    }
}
