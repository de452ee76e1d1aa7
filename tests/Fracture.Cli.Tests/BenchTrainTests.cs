using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture bench train --task detect` at toy sizes: the JSON that scripts/bench-detector.sh reads has every key, in
/// the shape it expects. Never a timing assertion: timings belong to benchmarks, not tests.
/// </summary>
public sealed class BenchTrainTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Detector_benchmark_writes_steps_inference_epochs_and_the_parameter_count()
    {
        var (result, doc) = BenchDetector("bench.json", "--stand-in-steps", "2", "--inference-runs", "2", "--inference-batch", "2", "--inference-batch-runs", "1");

        Assert.Contains("parameters", result.StdOut, StringComparison.Ordinal);
        using var parsed = doc;
        var root = parsed.RootElement;
        Assert.Equal("detect", root.GetProperty("options").GetProperty("task").GetString());
        Assert.Equal("resnet18-pretrained", root.GetProperty("options").GetProperty("model").GetString());
        Assert.True(root.GetProperty("parameters").GetInt64() > 0);
        foreach (var key in new[] { "medianStepSeconds", "stepImagesPerSecond", "standInMedianStepSeconds", "standInStepImagesPerSecond", "inferenceP50Ms", "inferenceP95Ms", "inferenceBatchImagesPerSecond" })
        {
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        }

        Assert.Equal(2, root.GetProperty("stepSeconds").GetArrayLength());
        Assert.Equal(2, root.GetProperty("standInStepSeconds").GetArrayLength());
        Assert.Equal(2, root.GetProperty("inferenceMs").GetArrayLength());
        Assert.Equal(1, root.GetProperty("inferenceBatchSeconds").GetArrayLength());
        Assert.Equal(1, root.GetProperty("epochSeconds").GetArrayLength());
        Assert.InRange(root.GetProperty("epochImages").GetInt32(), 1, 4);
        Assert.Equal("Float32", root.GetProperty("options").GetProperty("precision").GetString());
        Assert.Equal(0, root.GetProperty("bFloat16Layers").GetInt32());
    }

    [Fact]
    public void Bfloat16_benchmark_steps_and_epochs_through_the_bfloat16_copy()
    {
        var (result, doc) = BenchDetector("bench-bf16.json", "--stand-in-steps", "1", "--inference-runs", "0", "--precision", "BFloat16");

        Assert.Contains("computing in bfloat16", result.StdOut, StringComparison.Ordinal);
        using var parsed = doc;
        var root = parsed.RootElement;
        Assert.Equal("BFloat16", root.GetProperty("options").GetProperty("precision").GetString());

        // Of the detector's 58 convolution and linear layers, those whose bfloat16 kernel agrees with float32 on this
        // machine's probe (57 here; the stem stays float32, docs/training.md).
        Assert.InRange(root.GetProperty("bFloat16Layers").GetInt32(), 1, 58);
        Assert.True(root.GetProperty("medianStepSeconds").GetDouble() > 0);
        Assert.Equal(1, root.GetProperty("epochSeconds").GetArrayLength());
    }

    // The detector at a toy size on the fixture set (2 steps, one epoch of 4 images), plus the test's own options.
    private (CliResult Result, JsonDocument Json) BenchDetector(string jsonName, params string[] extra)
    {
        var json = _temp.File(jsonName);
        string[] common =
        [
            "bench", "train", "--task", "detect", "--imgsz", "64", "--batch", "2", "--steps", "2", "--warmup", "0",
            "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--epoch-images", "4", "--epochs", "1", "--json", json,
        ];
        var result = CliRunner.Run([.. common, .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return (result, JsonDocument.Parse(File.ReadAllText(json)));
    }

    [Fact]
    public void A_detector_size_off_the_32_grid_is_a_one_line_error()
    {
        var result = CliRunner.Run("bench", "train", "--task", "detect", "--imgsz", "100", "--steps", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("multiple of 32", result.StdErr, StringComparison.Ordinal);
    }
}
