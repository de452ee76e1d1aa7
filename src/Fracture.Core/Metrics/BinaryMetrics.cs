namespace Fracture.Core.Metrics;

/// <summary>
/// A binary classifier (e.g. fracture / no fracture) at one score threshold; a sample is called positive when
/// its score is &gt;= <see cref="Threshold"/>. Sensitivity is NaN without positives, specificity NaN without negatives.
/// </summary>
/// <param name="Auc">Area under the ROC curve (threshold-free); NaN when one class is absent.</param>
public sealed record BinaryMetrics(double Auc, double Sensitivity, double Specificity, double Threshold, int Positives, int Negatives)
{
    /// <summary>Youden's J = sensitivity + specificity - 1.</summary>
    public double YoudenJ => Sensitivity + Specificity - 1;
}
