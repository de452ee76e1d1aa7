namespace Fracture.Inference;

/// <summary>
/// Per-call decoding settings. For detectors and segmenters: a box is kept when its best class score is above
/// <see cref="Confidence"/> (default: the model's own threshold from its metadata, else 0.25), then class-aware
/// non-maximum suppression drops boxes that overlap a better one of the same class by IoU above <see cref="Iou"/>,
/// and at most <see cref="MaxDetections"/> remain. For classifiers, <see cref="Confidence"/> (when set) replaces the
/// model's operating threshold on the fracture probability; the others do not apply.
/// </summary>
/// <param name="MultiLabel">
/// Every class of an anchor above <see cref="Confidence"/> makes a candidate box, not only its best class: how
/// Ultralytics (and `fracture val detect`) validates, for the best mAP; predictions keep the default, one box per anchor.
/// </param>
/// <param name="FlipFusion">
/// Detectors and segmenters: the image and its mirror image both run; each view's boxes are decoded as above, the
/// mirrored view's mapped back, and the two sets fused by <see cref="Core.Detection.WeightedBoxFusion"/> (a box both
/// views saw keeps the mean score, one seen once half its score); a fused segment's outline is its best member's
/// mask. Twice the model's time; on the bone-fracture splits higher mAP50 on valid, mixed on test (docs/training.md,
/// "Mirror fusion").
/// Classifiers mirror inside the graph instead (<c>fracture export --flip-average</c>); for them this does not apply.
/// </param>
public sealed record PredictSettings(double? Confidence = null, double Iou = 0.7, int MaxDetections = 300, bool MultiLabel = false, bool FlipFusion = false)
{
    /// <summary>Ultralytics' default confidence, used when neither the call nor the model gives one.</summary>
    public const double DefaultConfidence = 0.25;

    /// <summary>The defaults: the model's threshold, IoU 0.7, 300 detections.</summary>
    public static PredictSettings Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    internal void Validate()
    {
        if (Confidence is { } confidence && !(confidence >= 0 && confidence <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), confidence, "confidence must be between 0 and 1");
        }

        if (!(Iou >= 0 && Iou <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Iou), Iou, "IoU threshold must be between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxDetections, nameof(MaxDetections));
    }
}
