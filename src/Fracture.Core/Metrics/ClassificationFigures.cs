namespace Fracture.Core.Metrics;

/// <summary>
/// The figures two classifiers are compared on: which kind of fracture (accuracy, weighted and macro F1 over the
/// classes) and whether there is one at all (AUC of the fracture score, threshold-free).
/// </summary>
/// <param name="Auc">NaN when the images hold only positives or only negatives.</param>
public sealed record ClassificationFigures(double Accuracy, double WeightedF1, double MacroF1, double Auc)
{
    /// <summary>The figures of <paramref name="images"/>, by <see cref="ClassificationEvaluator"/> and <see cref="BinaryRocEvaluator"/>.</summary>
    public static ClassificationFigures Of(IReadOnlyList<ClassifiedImage> images, int classCount)
    {
        ArgumentNullException.ThrowIfNull(images);
        var metrics = ClassificationEvaluator.Evaluate(
            images.Select(i => i.Actual).ToArray(), images.Select(i => i.Predicted).ToArray(), classCount);
        var auc = BinaryRocEvaluator.Auc(images.Select(i => i.FractureScore).ToArray(), images.Select(i => i.Actual != 0).ToArray());
        return new ClassificationFigures(metrics.Accuracy, metrics.WeightedF1, metrics.MacroF1, auc);
    }
}
