namespace Fracture.Core.Metrics;

/// <summary>
/// Detection metrics of one class. When <see cref="HasGroundTruth"/> is false the class has no object in the
/// evaluated images: its AP, precision, recall and F1 are undefined (NaN), it is left out of every mean, and
/// its predictions (still counted in <see cref="Predictions"/>) play no part in AP or the confidence choice.
/// </summary>
public sealed record ClassDetectionMetrics
{
    public required int ClassId { get; init; }

    public string? Name { get; init; }

    public required bool HasGroundTruth { get; init; }

    /// <summary>AP at IoU 0.5.</summary>
    public required double Ap50 { get; init; }

    /// <summary>Mean of <see cref="ApPerThreshold"/>.</summary>
    public required double Ap50To95 { get; init; }

    /// <summary>AP at each of <see cref="DetectionEvaluator.IoUThresholds"/>.</summary>
    public required double[] ApPerThreshold { get; init; }

    /// <summary>Number of ground-truth objects.</summary>
    public required int Instances { get; init; }

    /// <summary>Number of predictions evaluated (after the per-image MaxDetections cut).</summary>
    public required int Predictions { get; init; }

    /// <summary>Precision at <see cref="DetectionMetrics.ConfidenceThreshold"/> (IoU 0.5).</summary>
    public required double Precision { get; init; }

    /// <summary>Recall at <see cref="DetectionMetrics.ConfidenceThreshold"/> (IoU 0.5).</summary>
    public required double Recall { get; init; }

    /// <summary>F1 at <see cref="DetectionMetrics.ConfidenceThreshold"/> (IoU 0.5).</summary>
    public required double F1 { get; init; }

    /// <summary>The interpolated curve at IoU 0.5; null when the class has no ground truth.</summary>
    public PrecisionRecallCurve? Curve50 { get; init; }
}
