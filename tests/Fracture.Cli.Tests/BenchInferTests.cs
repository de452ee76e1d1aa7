using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture bench infer` on a freshly trained and exported tiny classifier, with one warm-up-free round or two: the
/// JSON has every figure the maintainer's table needs, in the shape scripts/bench-inference.sh writes. Never a timing
/// assertion: timings belong to benchmarks, not tests.
/// </summary>
public sealed class BenchInferTests(TinyExportedClassifier tiny) : IClassFixture<TinyExportedClassifier>
{
    private static readonly string[] TimingKeys = ["batch1P50Ms", "batch1P95Ms", "batchP50Ms", "batchImagesPerSecond"];
    private static readonly string[] RatioKeys = ["modelOnlyBatch1P50", "modelOnlyBatch1P95", "modelOnlyBatch", "endToEndBatch1P50", "endToEndBatch1P95", "endToEndBatch", "slowest"];
    private static readonly string[] MachineKeys = ["cpuModel", "loadAverage", "onnxRuntimeVersion", "torchSharpVersion", "libTorchVersion", "runtime", "operatingSystem", "preload"];

    [Fact]
    public void Writes_every_figure_of_both_engines_with_the_ratios_and_the_machine()
    {
        var json = tiny.File("bench.json");
        var images = Path.Combine(RepoPaths.FixtureRoot, "valid", "images");

        var result = CliRunner.Run(
            "bench", "infer", "--model", tiny.Model, "--weights", tiny.Weights, "--images", images, Path.Combine(RepoPaths.FixtureRoot, "test", "images"),
            "--warmup", "0", "--iterations", "2", "--batch", "3", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("TorchSharp / ONNX Runtime", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("end to end, batch 3 images/s", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"ONNX Runtime is \d+\.\d\dx as fast at least \(medians; target 1\.30x\): (met|not met)", result.StdOut);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;

        var model = root.GetProperty("model");
        Assert.Equal(("classify", "resnet18-pretrained", "ema", "fp32"), (model.GetProperty("task").GetString(), model.GetProperty("network").GetString(), model.GetProperty("weightsSection").GetString(), model.GetProperty("onnxWeights").GetString()));
        Assert.Equal((64, 5), (model.GetProperty("inputSize").GetInt32(), model.GetProperty("images").GetInt32()));
        Assert.Equal("no fracture", model.GetProperty("classNames")[0].GetString());
        Assert.InRange(model.GetProperty("maxAbsOutputDifference").GetDouble(), 0, 1e-3);

        // A classifier answers once per image: 3 on the first batch of 3, on both engines.
        Assert.Equal((3, 3), (model.GetProperty("onnxRuntimeAnswers").GetInt32(), model.GetProperty("torchSharpAnswers").GetInt32()));
        foreach (var engine in new[] { "onnxRuntime", "torchSharp" })
        {
            var timings = root.GetProperty(engine);
            foreach (var kind in new[] { "modelOnly", "endToEnd" })
            {
                var timing = timings.GetProperty(kind);
                Assert.All(TimingKeys, key => Assert.True(timing.GetProperty(key).GetDouble() > 0, $"{engine}.{kind}.{key}"));
                Assert.Equal((3, 2, 2), (timing.GetProperty("batch").GetInt32(), timing.GetProperty("batch1Ms").GetArrayLength(), timing.GetProperty("batchMs").GetArrayLength()));
            }

            Assert.True(timings.GetProperty("batch1PrePostShare").GetDouble() < 1);
            Assert.True(timings.GetProperty("batchPrePostShare").GetDouble() < 1);
        }

        Assert.All(RatioKeys, key => Assert.True(root.GetProperty("ratios").GetProperty(key).GetDouble() > 0, key));
        var machine = root.GetProperty("machine");
        Assert.All(MachineKeys, key => Assert.Equal(JsonValueKind.String, machine.GetProperty(key).ValueKind));
        Assert.Equal(2, machine.GetProperty("threads").GetInt32());
        Assert.True(machine.GetProperty("cores").GetInt32() >= 1);
        Assert.Equal((1.3, 0.2), (root.GetProperty("speedTarget").GetDouble(), root.GetProperty("prePostTarget").GetDouble()));
        Assert.Contains(root.GetProperty("speedTargetMet").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.Contains(root.GetProperty("prePostTargetMet").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.Equal(5, root.GetProperty("options").GetProperty("images").GetArrayLength());
    }

    [Fact]
    public void Without_weights_onnx_runtime_is_timed_alone_and_its_pre_post_target_still_judged()
    {
        // The pre/post target is ONNX Runtime's own: the JSON judged it, the console left it out.
        var json = tiny.File("alone.json");

        var result = CliRunner.Run(
            "bench", "infer", "--model", tiny.Model, "--images", Path.Combine(RepoPaths.FixtureRoot, "test", "images"), "--warmup", "0", "--iterations", "1", "--batch", "2", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("TorchSharp", result.StdOut, StringComparison.Ordinal);

        // A share is the difference of two medians taken from separate series, so with one round on a busy machine it
        // can come out below 0 ("-3%"); it is printed as measured (EngineTimings.PrePostShare), so the sign is allowed.
        Assert.Matches(@"pre- and post-processing take -?\d+% \(batch 1\) and -?\d+% \(batch 2\) of ONNX Runtime's end-to-end time \(target under 20%\): (met|not met)", result.StdOut);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("speedTargetMet").ValueKind);
        Assert.Contains(doc.RootElement.GetProperty("prePostTargetMet").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
    }

    [Fact]
    public void A_model_exported_for_another_input_size_is_not_the_checkpoint_s_model()
    {
        var json = tiny.File("mismatch.json");

        var result = CliRunner.Run(
            "bench", "infer", "--model", tiny.OtherSizeModel, "--weights", tiny.Weights, "--images", Path.Combine(RepoPaths.FixtureRoot, "test", "images"), "--json", json);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"error: {tiny.OtherSizeModel} and {Path.Combine(Path.GetDirectoryName(tiny.Weights)!, "weights", "best.ckpt")} are not the same model: input 96x96 vs 64x64 (export at the run's size)",
            result.StdErr.Trim());
        Assert.False(File.Exists(json));
    }
}
