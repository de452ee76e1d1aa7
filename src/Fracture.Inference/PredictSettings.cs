namespace Fracture.Inference;

/// <summary>PLACEHOLDER (replaced by branch infer): per-call settings; a null confidence means the model's own.</summary>
public sealed record PredictSettings(double? Confidence = null, double Iou = 0.7, int MaxDetections = 300);
