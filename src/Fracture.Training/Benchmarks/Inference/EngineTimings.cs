namespace Fracture.Training.Benchmarks.Inference;

/// <summary>One engine's figures: the model alone, the whole path from encoded bytes, and the share between them.</summary>
/// <param name="Engine">"onnxruntime" or "torchsharp".</param>
/// <param name="ModelOnly">The network on an already prepared input tensor, its output read back.</param>
/// <param name="EndToEnd">From encoded image bytes: decode, letterbox, tensor, network, box decoding and NMS (or class probabilities).</param>
/// <param name="Batch1PrePostShare">Pre- and post-processing share of a one-image call, from the medians (see <see cref="PrePostShare"/>).</param>
/// <param name="BatchPrePostShare">The same for the batched calls.</param>
public sealed record EngineTimings(
    string Engine,
    InferenceTiming ModelOnly,
    InferenceTiming EndToEnd,
    double Batch1PrePostShare,
    double BatchPrePostShare)
{
    public static EngineTimings Of(string engine, InferenceTiming modelOnly, InferenceTiming endToEnd)
    {
        ArgumentNullException.ThrowIfNull(modelOnly);
        ArgumentNullException.ThrowIfNull(endToEnd);
        return new EngineTimings(
            engine,
            modelOnly,
            endToEnd,
            PrePostShare(endToEnd.Batch1P50Ms, modelOnly.Batch1P50Ms),
            PrePostShare(endToEnd.BatchP50Ms, modelOnly.BatchP50Ms));
    }

    /// <summary>
    /// (end to end - model only) / end to end: the part of a call spent outside the network. Medians of separate
    /// series, so on a noisy machine it can come out slightly below 0; it is reported as measured, not clamped.
    /// </summary>
    public static double PrePostShare(double endToEndMs, double modelOnlyMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(endToEndMs);
        return (endToEndMs - modelOnlyMs) / endToEndMs;
    }
}
