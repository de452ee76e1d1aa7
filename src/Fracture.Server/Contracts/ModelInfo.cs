namespace Fracture.Server.Contracts;

/// <summary>A model the server runs.</summary>
/// <param name="Id">File name without .onnx.</param>
/// <param name="Task">"classify", "detect" or "segment".</param>
/// <param name="Threshold">Operating threshold from the model's metadata (fracture probability or box confidence), if any.</param>
/// <param name="Precision">How the weights are stored ("fp32", "fp16", "int8"), if the file says.</param>
/// <param name="NmsInModel">
/// A box model that suppresses overlapping boxes itself (an Ultralytics end-to-end export: YOLO26, YOLOv10, or
/// <c>nms=True</c>): the server's <c>Iou</c> setting does not apply to it.
/// </param>
public sealed record ModelInfo(
    string Id,
    string Task,
    IReadOnlyList<string> ClassNames,
    InputSize InputSize,
    double? Threshold,
    string? Version,
    string Sha256,
    string? Precision,
    long FileBytes,
    bool NmsInModel);
