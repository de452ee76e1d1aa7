namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// What `fracture bench infer` measured, with every timed call kept. Times in milliseconds; ratios are TorchSharp's
/// time over ONNX Runtime's. The targets are the issue's: ONNX Runtime at least <see cref="SpeedTarget"/> times as
/// fast on every median figure (<see cref="InferenceRatios.Slowest"/>), and pre- plus post-processing under
/// <see cref="PrePostTarget"/> of ONNX Runtime's end-to-end time at batch 1 and batched.
/// </summary>
public sealed record InferenceBenchmarkResult(
    InferenceBenchmarkOptions Options,
    MachineFacts Machine,
    BenchmarkedModel Model,
    EngineTimings OnnxRuntime,
    EngineTimings TorchSharp,
    InferenceRatios Ratios,
    double SpeedTarget,
    double PrePostTarget)
{
    public bool SpeedTargetMet => Ratios.Slowest >= SpeedTarget;

    public bool PrePostTargetMet => Math.Max(OnnxRuntime.Batch1PrePostShare, OnnxRuntime.BatchPrePostShare) < PrePostTarget;
}
