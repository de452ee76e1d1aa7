using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture train segment`, `val segment` (checkpoint and ONNX file), `export` and `predict` on a segmenter, as a
/// user runs them on the fixture set.
/// </summary>
public sealed class TrainSegmentTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_segmenter_trains_validates_with_mask_figures_exports_and_predicts_outlines()
    {
        var runs = Path.Combine(_temp.Path, "runs");
        var trained = CliRunner.Run(
            "train", "segment", "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--imgsz", "64", "--batch", "4",
            "--epochs", "1", "--mask-margin", "0.2", "--mask-lr", "0.25", "--project", runs, "--name", "tiny");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var run = Path.Combine(runs, "segment", "tiny");
        Assert.True(Directory.Exists(Path.Combine(run, "overlays")));
        var saved = File.ReadAllText(Path.Combine(run, "options.json"));
        Assert.Contains("\"maskLossMargin\": 0.2", saved, StringComparison.Ordinal);
        Assert.Contains("\"maskLearningRateFactor\": 0.25", saved, StringComparison.Ordinal);

        var weights = Val("w.json", "--weights", Path.Combine(run, "best"));
        Assert.Contains("masks", weights.StdOut, StringComparison.Ordinal);
        var onnx = _temp.File("seg.onnx");
        var exported = CliRunner.Run("export", "--weights", run, "--out", onnx, "--precision", "fp32");
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.Contains("32 mask coefficients; output1 [N, 32, ", exported.StdOut, StringComparison.Ordinal);
        var model = Val("m.json", "--model", onnx, "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile);

        foreach (var report in new[] { weights.Json, model.Json })
        {
            Assert.Equal(2, report.Number("images"));
            foreach (var key in new[] { "map50", "map50_95", "perClass", "fracturePresent", "mask.map50", "mask.map50_95", "mask.perClass", "mask.confusion" })
            {
                Assert.NotEqual(JsonValueKind.Undefined, report[key].ValueKind);
            }
        }

        // With the mirror image fused in, the file is scored through the same predictor (masks included).
        var fused = Val("f.json", "--model", onnx, "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--flip-fusion");
        Assert.Equal(2, fused.Json.Number("images"));
        Assert.NotEqual(JsonValueKind.Undefined, fused.Json["mask.map50"].ValueKind);

        // The same boxes both ways (see ValModelDetectTests for why the figures agree to rounding).
        WrittenDigits.AssertWithinOneStep(weights.Json.Number("fracturePresent.auc"), model.Json.Number("fracturePresent.auc"), "AUC");
        Assert.Equal("onnxruntime", model.Json["runtime"].GetString());

        var predictions = _temp.File("p.json");
        var predicted = CliRunner.Run("predict", "--model", onnx, "--source", Path.Combine(RepoPaths.FixtureRoot, "test", "images"), "--conf", "0.001", "--json", predictions);
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(predictions));
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        // Every finding of a segmenter carries its outline (empty only where no pixel of its box is on).
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Array, r.GetProperty("polygon").ValueKind));
        Assert.Contains(rows, r => r.GetProperty("polygon").GetArrayLength() >= 3);

        var fusedPredictions = _temp.File("pf.json");
        var fusedRun = CliRunner.Run("predict", "--model", onnx, "--source", Path.Combine(RepoPaths.FixtureRoot, "test", "images"), "--conf", "0.001", "--flip-fusion", "--json", fusedPredictions);
        Assert.True(fusedRun.ExitCode == 0, fusedRun.ToString());
        using var fusedDoc = JsonDocument.Parse(File.ReadAllText(fusedPredictions));
        Assert.All(fusedDoc.RootElement.EnumerateArray(), r => Assert.Equal(JsonValueKind.Array, r.GetProperty("polygon").ValueKind));
    }

    [Fact]
    public void A_segmenter_fine_tunes_from_the_shipped_detector_file_and_refuses_the_classifiers()
    {
        var runs = Path.Combine(_temp.Path, "runs");
        string[] common = ["train", "segment", "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--imgsz", "64", "--batch", "4", "--epochs", "1", "--project", runs];

        var trained = CliRunner.Run([.. common, "--init", Path.Combine(RepoPaths.RepoRoot, "models", "fracture-detector.onnx"), "--name", "shipped"]);
        var refused = CliRunner.Run([.. common, "--init", Path.Combine(RepoPaths.RepoRoot, "models", "fracture-classifier.onnx"), "--name", "classifier"]);

        Assert.True(trained.ExitCode == 0, trained.ToString());
        var log = File.ReadAllText(Path.Combine(runs, "segment", "shipped", "train.log"));
        Assert.Matches(@"initial weights: \d+ of \d+ tensors from \S+fracture-detector\.onnx \(ONNX, detect, fracture ", log);
        Assert.Matches(@"\d+ folded BatchNorms calibrated on \d+ training images", log);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("has no layer in common with this network", refused.StdErr, StringComparison.Ordinal);
        // No empty run is left behind to take the name (the next would be "classifier2") or to confuse a --resume.
        Assert.False(Directory.Exists(Path.Combine(runs, "segment", "classifier")), "the refused run left its folder");
    }

    private (ValReport Json, string StdOut) Val(string json, params string[] args)
    {
        var path = _temp.File(json);
        var result = CliRunner.Run(["val", "segment", "--split", "test", "--json", path, .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return (ValReport.Read(path), result.StdOut);
    }
}
