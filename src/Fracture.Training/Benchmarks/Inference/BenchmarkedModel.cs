namespace Fracture.Training.Benchmarks.Inference;

/// <summary>The pair that was timed, and how closely the two engines agree on it (information, not a check).</summary>
/// <param name="Model">The .onnx file (full path).</param>
/// <param name="Checkpoint">The checkpoint file the TorchSharp network was loaded from; null when ONNX Runtime ran alone (as for the other TorchSharp-side fields).</param>
/// <param name="WeightsSection">Which of its weights: "ema" (as exported) or "model".</param>
/// <param name="Network">The network's name in the checkpoint, e.g. resnet18-pretrained.</param>
/// <param name="OnnxWeights">How the ONNX file stores its weights (fp32, fp16, int8), from its metadata.</param>
/// <param name="Images">Distinct images the calls cycle through.</param>
/// <param name="MaxAbsOutputDifference">Largest difference between the two engines' outputs on the prepared batch (fp16 and int8 files differ more than fp32).</param>
/// <param name="OnnxRuntimeAnswers">Answers end to end on the first batch: one per image (classify) or per kept box (detect).</param>
/// <param name="TorchSharpAnswers">The same from TorchSharp.</param>
public sealed record BenchmarkedModel(
    string Model,
    string? Checkpoint,
    string? WeightsSection,
    string Task,
    string? Network,
    IReadOnlyList<string> ClassNames,
    int InputSize,
    string? OnnxWeights,
    bool FlipAverage,
    long? Parameters,
    int Images,
    double? MaxAbsOutputDifference,
    int OnnxRuntimeAnswers,
    int? TorchSharpAnswers);
