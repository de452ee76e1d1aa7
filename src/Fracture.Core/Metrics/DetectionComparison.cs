namespace Fracture.Core.Metrics;

/// <summary>
/// A baseline's and a candidate's predictions on the same images, compared by a paired bootstrap: every resample scores both models on
/// the same draw of images, so what the split's particular images favour cancels out of the difference.
/// </summary>
/// <param name="Images">Images in the split.</param>
/// <param name="Baseline">The baseline model's figures.</param>
/// <param name="Candidate">The candidate model's figures.</param>
/// <param name="Difference">Candidate minus baseline.</param>
/// <param name="ShareCandidateHigherMap50">Share of resamples in which the candidate's mAP50 is higher than the baseline's (ties count as not higher).</param>
/// <param name="ShareCandidateHigherMap50To95">The same for mAP50-95.</param>
public sealed record DetectionComparison(
    int Images,
    BootstrapOptions Options,
    MapIntervals Baseline,
    MapIntervals Candidate,
    MapIntervals Difference,
    double ShareCandidateHigherMap50,
    double ShareCandidateHigherMap50To95);
