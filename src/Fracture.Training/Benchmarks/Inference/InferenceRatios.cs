namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// How many times faster ONNX Runtime is than TorchSharp on the same network: TorchSharp's time over ONNX Runtime's
/// (equivalently ONNX Runtime's images/s over TorchSharp's). Above 1, ONNX Runtime is faster.
/// </summary>
public sealed record InferenceRatios(
    double ModelOnlyBatch1P50,
    double ModelOnlyBatch1P95,
    double ModelOnlyBatch,
    double EndToEndBatch1P50,
    double EndToEndBatch1P95,
    double EndToEndBatch)
{
    public static InferenceRatios Of(EngineTimings onnxRuntime, EngineTimings torchSharp)
    {
        ArgumentNullException.ThrowIfNull(onnxRuntime);
        ArgumentNullException.ThrowIfNull(torchSharp);
        var (ortModel, torchModel) = (onnxRuntime.ModelOnly, torchSharp.ModelOnly);
        var (ortFull, torchFull) = (onnxRuntime.EndToEnd, torchSharp.EndToEnd);
        return new InferenceRatios(
            Ratio(torchModel.Batch1P50Ms, ortModel.Batch1P50Ms),
            Ratio(torchModel.Batch1P95Ms, ortModel.Batch1P95Ms),
            Ratio(torchModel.BatchP50Ms, ortModel.BatchP50Ms),
            Ratio(torchFull.Batch1P50Ms, ortFull.Batch1P50Ms),
            Ratio(torchFull.Batch1P95Ms, ortFull.Batch1P95Ms),
            Ratio(torchFull.BatchP50Ms, ortFull.BatchP50Ms));
    }

    /// <summary>The smallest of the median-based ratios (p95 left out: one stall moves it), the one a target is held to.</summary>
    public double Slowest => Math.Min(Math.Min(ModelOnlyBatch1P50, ModelOnlyBatch), Math.Min(EndToEndBatch1P50, EndToEndBatch));

    /// <summary>TorchSharp's time over ONNX Runtime's.</summary>
    public static double Ratio(double torchSharpMs, double onnxRuntimeMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(onnxRuntimeMs);
        return torchSharpMs / onnxRuntimeMs;
    }
}
