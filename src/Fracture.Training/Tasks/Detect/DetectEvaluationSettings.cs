namespace Fracture.Training.Tasks.Detect;

/// <summary>How validation turns outputs into boxes. The defaults are Ultralytics' validation settings.</summary>
public sealed record DetectEvaluationSettings
{
    public static DetectEvaluationSettings Default { get; } = new();

    /// <summary>Lowest class probability that makes a candidate box.</summary>
    public double Confidence { get; init; } = 0.001;

    /// <summary>IoU above which NMS drops the lower-scoring box of a class.</summary>
    public double Iou { get; init; } = 0.7;

    /// <summary>Most boxes per image after NMS.</summary>
    public int MaxDetections { get; init; } = 300;

    /// <summary>"Fracture present" threshold on the best box score; null picks Youden's J on the split.</summary>
    public double? Threshold { get; init; }

    /// <summary>
    /// Exported models only: the mirror image runs too and its boxes are fused in (the predictor's
    /// <c>PredictSettings.FlipFusion</c>).
    /// </summary>
    public bool FlipFusion { get; init; }
}
