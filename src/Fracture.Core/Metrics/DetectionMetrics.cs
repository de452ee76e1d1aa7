namespace Fracture.Core.Metrics;

/// <summary>
/// Result of <see cref="DetectionEvaluator"/>. All means run over the classes with ground truth
/// (<see cref="ClassesEvaluated"/>); when there are none they are 0.
/// </summary>
public sealed record DetectionMetrics
{
    /// <summary>Mean AP at IoU 0.5.</summary>
    public required double Map50 { get; init; }

    /// <summary>Mean over classes of the AP averaged over IoU 0.50:0.05:0.95.</summary>
    public required double Map50To95 { get; init; }

    /// <summary>Mean AP at each of <see cref="DetectionEvaluator.IoUThresholds"/>.</summary>
    public required double[] MapPerThreshold { get; init; }

    /// <summary>Mean precision over classes at <see cref="ConfidenceThreshold"/>, IoU 0.5.</summary>
    public required double Precision { get; init; }

    /// <summary>Mean recall over classes at <see cref="ConfidenceThreshold"/>, IoU 0.5.</summary>
    public required double Recall { get; init; }

    /// <summary>Mean F1 over classes at <see cref="ConfidenceThreshold"/>, IoU 0.5 (the maximum over thresholds).</summary>
    public required double F1 { get; init; }

    /// <summary>The prediction score, kept when score &gt;= it, that maximises mean F1; 0 when there are no predictions.</summary>
    public required double ConfidenceThreshold { get; init; }

    /// <summary>One entry per class id, in id order, including classes without ground truth.</summary>
    public required IReadOnlyList<ClassDetectionMetrics> PerClass { get; init; }

    public required DetectionConfusionMatrix Confusion { get; init; }

    /// <summary>Number of ground-truth images evaluated.</summary>
    public required int ImagesEvaluated { get; init; }

    /// <summary>Number of classes with at least one ground-truth object.</summary>
    public required int ClassesEvaluated { get; init; }

    /// <summary>Distinct image names that had predictions but no ground-truth entry (ignored).</summary>
    public int UnknownImages { get; init; }

    /// <summary>Predictions on those unknown images (ignored).</summary>
    public int UnknownImagePredictions { get; init; }
}
