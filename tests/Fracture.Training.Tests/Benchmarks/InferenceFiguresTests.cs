using Fracture.Training.Benchmarks;
using Fracture.Training.Benchmarks.Inference;

namespace Fracture.Training.Tests.Benchmarks;

/// <summary>The arithmetic of `fracture bench infer`, against values worked out by hand.</summary>
public sealed class InferenceFiguresTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        double[] values = [5, 1, 4, 2, 3];

        // Sorted 1 2 3 4 5: rank ceil(0.5 * 5) = 3 is 3; rank ceil(0.95 * 5) = 5 is 5; rank ceil(0.2 * 5) = 1 is 1.
        Assert.Equal(3, TrainingBenchmark.Percentile(values, 0.5));
        Assert.Equal(5, TrainingBenchmark.Percentile(values, 0.95));
        Assert.Equal(1, TrainingBenchmark.Percentile(values, 0.2));

        // Even count: rank ceil(0.5 * 4) = 2, the lower middle value.
        Assert.Equal(20, TrainingBenchmark.Percentile([40, 10, 30, 20], 0.5));
        Assert.Equal(7, TrainingBenchmark.Percentile([7], 0.95));
    }

    [Fact]
    public void A_timing_takes_batch_1_percentiles_and_images_per_second_of_the_median_batch()
    {
        var timing = InferenceTiming.From([5, 1, 4, 2, 3], [40, 20, 30, 10], batch: 8);

        Assert.Equal((3.0, 5.0), (timing.Batch1P50Ms, timing.Batch1P95Ms));

        // Median batch call 20 ms for 8 images: 8 / 0.020 s = 400 images/s.
        Assert.Equal(20, timing.BatchP50Ms);
        Assert.Equal(400, timing.BatchImagesPerSecond, 9);
        Assert.Equal([5.0, 1, 4, 2, 3], timing.Batch1Ms);
        Assert.Equal([40.0, 20, 30, 10], timing.BatchMs);
    }

    [Fact]
    public void An_empty_series_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InferenceTiming.From([], [1], 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => InferenceTiming.From([1], [], 8));
    }

    [Fact]
    public void Pre_and_post_processing_share_is_the_end_to_end_time_outside_the_model()
    {
        // 20 ms end to end of which 15 ms in the model: 5 / 20.
        Assert.Equal(0.25, EngineTimings.PrePostShare(20, 15), 12);

        // Medians of separate series on a noisy machine: reported as measured, below 0.
        Assert.Equal(-0.2, EngineTimings.PrePostShare(10, 12), 12);
    }

    [Fact]
    public void Engine_timings_take_the_shares_from_the_medians()
    {
        var modelOnly = InferenceTiming.From([15, 16, 14], [80, 90], batch: 8);
        var endToEnd = InferenceTiming.From([20, 22, 19], [100, 120], batch: 8);

        var timings = EngineTimings.Of("onnxruntime", modelOnly, endToEnd);

        // Batch 1: medians 15 and 20, (20 - 15) / 20. Batched: lower medians 80 and 100, (100 - 80) / 100.
        Assert.Equal(0.25, timings.Batch1PrePostShare, 12);
        Assert.Equal(0.2, timings.BatchPrePostShare, 12);
    }

    [Fact]
    public void Ratios_are_torchsharp_time_over_onnx_runtime_time()
    {
        var ort = EngineTimings.Of("onnxruntime", InferenceTiming.From([10, 12], [40], 8), InferenceTiming.From([20, 30], [50], 8));
        var torch = EngineTimings.Of("torchsharp", InferenceTiming.From([15, 24], [100], 8), InferenceTiming.From([26, 60], [60], 8));

        var ratios = InferenceRatios.Of(ort, torch);

        // p50 (lower median of two) 15 / 10, p95 24 / 12, batch 100 / 40; end to end 26 / 20, 60 / 30, 60 / 50.
        Assert.Equal(1.5, ratios.ModelOnlyBatch1P50, 12);
        Assert.Equal(2.0, ratios.ModelOnlyBatch1P95, 12);
        Assert.Equal(2.5, ratios.ModelOnlyBatch, 12);
        Assert.Equal(1.3, ratios.EndToEndBatch1P50, 12);
        Assert.Equal(2.0, ratios.EndToEndBatch1P95, 12);
        Assert.Equal(1.2, ratios.EndToEndBatch, 12);

        // The target is held to the smallest median ratio: end to end batched, 1.2 (p95 figures left out).
        Assert.Equal(1.2, ratios.Slowest, 12);
        Assert.Equal(0.5, InferenceRatios.Ratio(5, 10), 12);
    }

    [Fact]
    public void Targets_hold_the_slowest_ratio_and_the_larger_share_to_the_issue_s_limits()
    {
        // ONNX Runtime: model 10 and 40 ms, end to end 12.5 and 50 ms, so both shares are 2.5 / 12.5 = 10 / 50 = 0.2.
        var onTheLimit = EngineTimings.Of("onnxruntime", InferenceTiming.From([10], [40], 8), InferenceTiming.From([12.5], [50], 8));
        var lighter = EngineTimings.Of("onnxruntime", InferenceTiming.From([10], [40], 8), InferenceTiming.From([12], [48], 8));

        // TorchSharp 1.3 times each of the first: 13 / 10 = 52 / 40 = 16.25 / 12.5 = 65 / 50 = 1.3.
        var torch = EngineTimings.Of("torchsharp", InferenceTiming.From([13], [52], 8), InferenceTiming.From([16.25], [65], 8));

        var result = Result(onTheLimit, torch);
        Assert.Equal(1.3, result.Ratios!.Slowest, 12);
        Assert.True(result.SpeedTargetMet);
        Assert.False(result.PrePostTargetMet);

        // Shares 2 / 12 = 8 / 48 = 0.167 are under 0.2; the same engine against itself is 1x, under 1.3.
        Assert.True(Result(lighter, torch).PrePostTargetMet);
        Assert.False(Result(onTheLimit, onTheLimit).SpeedTargetMet);
    }

    [Fact]
    public void The_cpu_model_is_the_first_model_name_line()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel\t\t: 1\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n";

        Assert.Equal("AMD EPYC 7B13", MachineFacts.CpuModelFrom(cpuinfo));
        Assert.Equal("unknown", MachineFacts.CpuModelFrom("processor\t: 0\nmodel\t\t: 1\n"));
        Assert.Equal("unknown", MachineFacts.CpuModelFrom(string.Empty));
    }

    [Fact]
    public void Output_agreement_is_the_largest_absolute_difference()
    {
        Assert.Equal(0.5, InferenceBenchmark.MaxAbsDifference([1f, 2f, 3f], [1.25f, 1.5f, 3f], "m.onnx"), 12);
        Assert.Equal(0, InferenceBenchmark.MaxAbsDifference([], [], "m.onnx"));
        var error = Assert.Throws<ModelPairException>(() => InferenceBenchmark.MaxAbsDifference([1f, 2f], [1f], "m.onnx"));
        Assert.Equal("m.onnx outputs 2 values where the checkpoint's network outputs 1: not the same model", error.Message);
    }

    private static InferenceBenchmarkResult Result(EngineTimings ort, EngineTimings torch) => new(
        new InferenceBenchmarkOptions("m.onnx", "w.ckpt", ["a.jpg"]),
        new MachineFacts("cpu", 2, 2, "0 0 0", "1", "1", "1", "net", "os", string.Empty),
        new BenchmarkedModel("m.onnx", "w.ckpt", "ema", "detect", "resnet18", ["a"], 64, "fp32", false, 1, 1, 0, 0, 0),
        ort,
        torch,
        InferenceRatios.Of(ort, torch),
        InferenceBenchmark.SpeedTarget,
        InferenceBenchmark.PrePostTarget);
}
