namespace Fracture.Core.Metrics;

/// <summary>
/// Settings of <see cref="DetectionEvaluator"/>; the defaults follow COCO and YOLO's confusion-matrix settings (IoU,
/// confidence). The matrix pairs boxes greedily by IoU (<see cref="ConfusionMatrixBuilder"/>, docs/metrics.md), not by
/// Ultralytics' best-pair filtering, and counts a score equal to the confidence.
/// </summary>
public sealed record DetectionEvaluationOptions
{
    public static DetectionEvaluationOptions Default { get; } = new();

    /// <summary>
    /// Per image and class only this many highest-scoring predictions are evaluated (COCO maxDets).
    /// The cut applies to every metric, so AP, P/R/F1 and the confusion matrix see the same predictions.
    /// </summary>
    public int MaxDetections { get; init; } = 100;

    /// <summary>
    /// Names of the classes, index = class id. When given, it fixes the number of classes and any class id
    /// outside it is an error; when null the classes are 0..(largest id seen) and have no names.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Predictions below this score are left out of the confusion matrix.</summary>
    public double ConfusionConfidence { get; init; } = 0.25;

    /// <summary>A ground truth and a prediction can pair in the confusion matrix only when IoU is strictly above this.</summary>
    public double ConfusionIoU { get; init; } = 0.45;
}
