namespace Fracture.Core.Metrics;

/// <summary>
/// The interpolated precision-recall curve behind an AP value: 101 recall points 0, 0.01, ..., 1 and the
/// precision envelope at each (0 where that recall is never reached). AP is the mean of <see cref="Precision"/>.
/// </summary>
public sealed record PrecisionRecallCurve(double[] Recall, double[] Precision);
