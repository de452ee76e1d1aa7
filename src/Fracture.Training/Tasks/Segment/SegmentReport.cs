using Fracture.Core.Metrics;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// A segmenter's figures on one split: its boxes scored as a detector's (<see cref="DetectReport"/>, with the
/// image-level "fracture present" figures) and its masks scored the same COCO way with mask IoU in place of box IoU.
/// </summary>
public sealed record SegmentReport(DetectReport Boxes, DetectionMetrics Masks, IReadOnlyList<SegmentSample> Samples)
{
    public IReadOnlyList<string> ClassNames => Boxes.ClassNames;

    /// <summary>The model scored; null for the per-epoch reports of training.</summary>
    public ModelSource? Source { get; init; }

    /// <summary>Images of the split left out of the scoring ("unreadable image path: reason", or a rejected label row's reason).</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    public IReadOnlyDictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>(Boxes.ToMetrics(), StringComparer.Ordinal)
        {
            ["mask_precision"] = Masks.Precision,
            ["mask_recall"] = Masks.Recall,
            ["mask_map50"] = Masks.Map50,
            ["mask_map50_95"] = Masks.Map50To95,
        };
        return metrics;
    }

    /// <summary>Ultralytics' segmentation fitness: box fitness plus the same for masks (0.1 mAP50 + 0.9 mAP50-95 each).</summary>
    public double Fitness => Boxes.Fitness + (0.1 * Zero(Masks.Map50)) + (0.9 * Zero(Masks.Map50To95));

    private static double Zero(double value) => double.IsNaN(value) ? 0 : value;
}
