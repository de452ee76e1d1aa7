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
        var json = _temp.File("bench.json");

        var result = CliRunner.Run(
            "bench", "train", "--task", "detect", "--imgsz", "64", "--batch", "2", "--steps", "2", "--stand-in-steps", "2", "--warmup", "0",
            "--inference-runs", "2", "--inference-batch", "2", "--inference-batch-runs", "1",
            "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--epoch-images", "4", "--epochs", "1", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("parameters", result.StdOut, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
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
