using Fracture.Cli.Tests.Support;
using Fracture.Training.Engine;

namespace Fracture.Cli.Tests;

/// <summary>`fracture val detect --model`: an exported detector, run by ONNX Runtime, scores as its checkpoint does under TorchSharp.</summary>
public sealed class ValModelDetectTests(TinyDetector tiny) : IClassFixture<TinyDetector>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_exported_detector_scores_as_its_checkpoint()
    {
        var weights = Val("w.json", "--weights", tiny.Run, "--batch", "4");
        var model = Val("m.json", "--model", tiny.Onnx, "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--batch", "3");

        Assert.Equal((tiny.Onnx, "onnxruntime"), (model["model"].GetString(), model["runtime"].GetString()));
        Assert.Equal((tiny.BestCheckpoint, "torchsharp"), (weights["model"].GetString(), weights["runtime"].GetString()));
        Assert.Equal(10, model.Number("images"));
        Assert.Equal(weights.Raw("confusion"), model.Raw("confusion"));
        Assert.Equal(weights["perClass"].EnumerateArray().Select(c => c.GetProperty("instances").GetInt32()), model["perClass"].EnumerateArray().Select(c => c.GetProperty("instances").GetInt32()));

        // The two paths compare boxes in different frames (letterboxed vs file pixels: a scale per axis and a shift,
        // which keeps every IoU; DetectReportBuilderTests shows it at a non-trivial mAP), and their scores and corners
        // differ by float32 rounding (measured: 5e-8 in the best-F1 confidence). Rounding can only flip a match whose
        // IoU sits on a threshold or swap two near-equal scores, which moves mAP by well under 1e-3 unless the box
        // ranks near the top; another decoding or a wrong frame moves a class's AP by up to 1/instances (1/3..1 here).
        // A 1-epoch model finds nothing at IoU 0.5, so mAP is 0 both ways: the box count and the image-level figures
        // below are what tell the two paths' boxes apart.
        foreach (var key in new[] { "map50", "map50_95", "precision", "recall", "f1" })
        {
            Assert.Equal(weights.Number(key), model.Number(key), 1e-3);
        }

        // Decoded alike (every class of an anchor a candidate, conf 0.001, NMS 0.7, 300 a image): the same boxes
        // kept, but for a score within float32 rounding of the confidence bar or an IoU of the NMS bar. Decoding one
        // class per anchor instead would keep a fraction of them.
        Assert.InRange(model.Number("predictions"), weights.Number("predictions") * 0.99, weights.Number("predictions") * 1.01);

        // The image-level call only uses each image's best box score: the same boxes, so the same figures to one step
        // of the file's 6th decimal (see WrittenDigits for why a step, and why not a 1e-6 tolerance).
        WrittenDigits.AssertWithinOneStep(weights.Number("confidence"), model.Number("confidence"), "confidence");
        foreach (var key in new[] { "auc", "sensitivity", "specificity", "threshold" })
        {
            WrittenDigits.AssertWithinOneStep(weights.Number("fracturePresent." + key), model.Number("fracturePresent." + key), key);
        }
    }

    [Fact]
    public void An_image_left_out_makes_exit_code_2_with_either_runtime_and_a_bad_threshold_is_refused_before_scoring()
    {
        var data = _temp.File("data");
        FixtureCopy.CopyFolder(RepoPaths.FixtureRoot, data);
        var victim = Directory.GetFiles(Path.Combine(data, "train", "images")).Order(StringComparer.Ordinal).First();
        File.WriteAllText(victim, "not an image any more");

        var leftOut = CliRunner.Run(["val", "detect", "--split", "train", "--model", tiny.Onnx, "--data", Path.Combine(data, "data.yaml"), "--profile", RepoPaths.Profile]);
        var leftOutByCheckpoint = CliRunner.Run(["val", "detect", "--split", "train", "--weights", tiny.Run, "--data", Path.Combine(data, "data.yaml"), "--profile", RepoPaths.Profile]);
        var badThreshold = CliRunner.Run(["val", "detect", "--split", "train", "--model", tiny.Onnx, "--data", Path.Combine(data, "data.yaml"), "--threshold", "1.5"]);

        Assert.True(leftOut.ExitCode == 2, leftOut.ToString());
        Assert.Contains(Path.GetFileName(victim), leftOut.StdErr + leftOut.StdOut, StringComparison.Ordinal);
        Assert.True(leftOutByCheckpoint.ExitCode == 2, leftOutByCheckpoint.ToString());
        Assert.Contains("left out: unreadable image", leftOutByCheckpoint.StdOut, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(victim), leftOutByCheckpoint.StdOut, StringComparison.Ordinal);
        Assert.True(badThreshold.ExitCode == 1, badThreshold.ToString());
        Assert.Contains("--threshold must be in 0..1 (got 1.5)", badThreshold.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checkpoint", "--json names the --weights file")]
    [InlineData("data.yaml", "--json names the data.yaml the run trained on")]
    [InlineData("valid/labels", "--json names a label file of the dataset's 'val' split")]
    public void Val_with_a_run_folder_refuses_writing_the_metrics_over_its_checkpoint_or_the_run_s_dataset(string target, string expected)
    {
        // A run folder whose checkpoint (its weights only) trained on a copy of the fixture: without --data, val scores the copy.
        var yaml = FixtureCopy.Dataset(_temp.File("data"));
        var run = Path.Combine(_temp.Path, "run");
        var best = _temp.File("run/weights/best.ckpt");
        var trained = Checkpoint.Read(tiny.BestCheckpoint);
        var section = TrainedWeights.WeightsSectionOf(trained);
        Checkpoint.Write(best, trained.Header with { Options = trained.Header.Options with { Data = yaml } }, new Dictionary<string, byte[]> { [section] = trained.Section(section) });
        var input = target switch
        {
            "checkpoint" => best,
            "data.yaml" => yaml,
            _ => Directory.GetFiles(Path.Combine(_temp.Path, "data", target)).Order(StringComparer.Ordinal).First(),
        };
        var output = input;
        if (target == "checkpoint")
        {
            output = _temp.File("metrics.json");
            File.CreateSymbolicLink(output, best);
        }

        Refused.Overwrite(input, expected, "val", "detect", "--weights", run, "--json", output);
    }

    private ValReport Val(string json, params string[] args)
    {
        var path = _temp.File(json);
        var result = CliRunner.Run(["val", "detect", "--split", "train", "--json", path, .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return ValReport.Read(path);
    }
}
