using Fracture.Core.Metrics;
using Fracture.Training.Engine;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// A detector's figures on one split: COCO-style box metrics (Ultralytics' validation settings) and the image-level
/// "fracture present" question, scored by each image's most confident box, at <see cref="BinaryMetrics.Threshold"/>.
/// </summary>
public sealed record DetectReport(
    IReadOnlyList<string> ClassNames,
    DetectionMetrics Boxes,
    BinaryMetrics FracturePresent,
    int Images)
{
    /// <summary>The model scored; null for the per-epoch reports of training.</summary>
    public ModelSource? Source { get; init; }

    /// <summary>Images of the split left out of the scoring ("unreadable image path: reason", or a rejected label row's reason).</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["precision"] = Boxes.Precision,
        ["recall"] = Boxes.Recall,
        ["map50"] = Boxes.Map50,
        ["map50_95"] = Boxes.Map50To95,
        ["auc"] = FracturePresent.Auc,
        ["sensitivity"] = FracturePresent.Sensitivity,
        ["specificity"] = FracturePresent.Specificity,
    };

    /// <summary>Ultralytics' fitness: 0.1 mAP50 + 0.9 mAP50-95, so tight boxes count most.</summary>
    public double Fitness => (0.1 * Zero(Boxes.Map50)) + (0.9 * Zero(Boxes.Map50To95));

    private static double Zero(double value) => double.IsNaN(value) ? 0 : value;
}
