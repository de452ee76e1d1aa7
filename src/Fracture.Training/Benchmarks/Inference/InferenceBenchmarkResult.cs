namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// What `fracture bench infer` measured, with every timed call kept. Times in milliseconds; ratios are TorchSharp's
/// time over ONNX Runtime's. The targets are the issue's: ONNX Runtime at least <see cref="SpeedTarget"/> times as
/// fast on every median figure (<see cref="InferenceRatios.Slowest"/>), and pre- plus post-processing under
/// <see cref="PrePostTarget"/> of ONNX Runtime's end-to-end time at batch 1 and batched. Without a checkpoint
/// (<see cref="InferenceBenchmarkOptions.Weights"/> null) only ONNX Runtime runs: TorchSharp's figures and the ratios are null.
/// </summary>
public sealed record InferenceBenchmarkResult(
    InferenceBenchmarkOptions Options,
    MachineFacts Machine,
    BenchmarkedModel Model,
    EngineTimings OnnxRuntime,
    EngineTimings? TorchSharp,
    InferenceRatios? Ratios,
    double SpeedTarget,
    double PrePostTarget)
{
    /// <summary>Null when ONNX Runtime ran alone (no checkpoint to compare with).</summary>
    public bool? SpeedTargetMet => Ratios is null ? null : Ratios.Slowest >= SpeedTarget;

    public bool PrePostTargetMet => Math.Max(OnnxRuntime.Batch1PrePostShare, OnnxRuntime.BatchPrePostShare) < PrePostTarget;
}
