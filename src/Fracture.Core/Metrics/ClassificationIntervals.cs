namespace Fracture.Core.Metrics;

/// <summary>A classifier's comparison figures (or their difference), each with its bootstrap interval.</summary>
public sealed record ClassificationIntervals(MetricInterval Accuracy, MetricInterval WeightedF1, MetricInterval MacroF1, MetricInterval Auc);
