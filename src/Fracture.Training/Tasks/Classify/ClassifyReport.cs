using Fracture.Core.Metrics;
using Fracture.Training.Engine;

namespace Fracture.Training.Tasks.Classify;

/// <summary>
/// A classifier's figures on one split: 7-class metrics, the binary "fracture present" question (score =
/// 1 - p(no fracture)) at <see cref="BinaryMetrics.Threshold"/>, the mean loss, and the per-image probabilities.
/// </summary>
public sealed record ClassifyReport(
    IReadOnlyList<string> ClassNames,
    ClassificationMetrics Classification,
    BinaryMetrics FracturePresent,
    double Loss,
    int Images)
{
    /// <summary>Whether the probabilities are the mean over the image and its mirror image (test-time augmentation).</summary>
    public bool FlipAverage { get; init; }

    /// <summary>The model scored; null for the per-epoch reports of training.</summary>
    public ModelSource? Source { get; init; }

    /// <summary>Images of the split left out of the scoring ("unreadable image path: reason", or a rejected label row's reason).</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["val_loss"] = Loss,
        ["accuracy"] = Classification.Accuracy,
        ["macro_f1"] = Classification.MacroF1,
        ["weighted_f1"] = Classification.WeightedF1,
        ["auc"] = FracturePresent.Auc,
        ["sensitivity"] = FracturePresent.Sensitivity,
        ["specificity"] = FracturePresent.Specificity,
    };

    /// <summary>What picks the best epoch: equal parts weighted F1 (which kind) and AUC (whether at all).</summary>
    public double Fitness => (Classification.WeightedF1 + (double.IsNaN(FracturePresent.Auc) ? 0 : FracturePresent.Auc)) / 2;
}
