namespace Fracture.Inference;

/// <summary>
/// A classifier's answer for one image: every class's probability (model output order), the top class, and, for a
/// model whose metadata names a "no fracture" class, the probability of a fracture (one minus that class's) and the
/// call at the model's operating threshold.
/// </summary>
public sealed record ClassScores(
    IReadOnlyList<double> Probabilities,
    int TopClass,
    string TopName,
    double TopScore,
    double? FractureProbability,
    bool? IsFracture);
