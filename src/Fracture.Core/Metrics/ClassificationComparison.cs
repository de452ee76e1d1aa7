namespace Fracture.Core.Metrics;

/// <summary>
/// Two classifiers' answers on the same images, compared by a paired bootstrap as <see cref="DetectionComparison"/>
/// compares detectors: every resample scores both on the same draw of images.
/// </summary>
/// <param name="Images">Images compared.</param>
/// <param name="Baseline">The baseline's figures.</param>
/// <param name="Candidate">The candidate's figures.</param>
/// <param name="Difference">Candidate minus baseline.</param>
/// <param name="ShareCandidateHigher">
/// Per figure, the share of resamples in which the candidate is higher (ties count as not higher); for AUC, of the
/// resamples that hold both positives and negatives.
/// </param>
public sealed record ClassificationComparison(
    int Images,
    BootstrapOptions Options,
    ClassificationIntervals Baseline,
    ClassificationIntervals Candidate,
    ClassificationIntervals Difference,
    ClassificationFigures ShareCandidateHigher);
