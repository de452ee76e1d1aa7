namespace Fracture.Core.Metrics;

/// <summary>Result of <see cref="ClassificationEvaluator"/>; all values are 0 for an empty input.</summary>
/// <param name="MacroF1">Mean F1 over the classes that occur in the actual or the predicted labels.</param>
/// <param name="WeightedF1">Sum of F1 x support over the sum of support.</param>
/// <param name="PerClass">One entry per class id 0..classCount-1.</param>
/// <param name="Confusion">Counts indexed [actual, predicted].</param>
public sealed record ClassificationMetrics(
    double Accuracy,
    double MacroF1,
    double WeightedF1,
    IReadOnlyList<ClassMetrics> PerClass,
    int[,] Confusion,
    int Samples);
