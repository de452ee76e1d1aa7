namespace Fracture.Server.Contracts;

/// <summary>
/// The classifier's answer: its top class, and for a model with a "no fracture" class, the fracture probability
/// (one minus that class's) and the call at the model's operating threshold.
/// </summary>
/// <param name="Probabilities">Every class, in the model's order.</param>
public sealed record Classification(
    string Model,
    string TopClass,
    double TopScore,
    double? FractureProbability,
    double? Threshold,
    bool? Suspected,
    IReadOnlyList<ClassProbability> Probabilities);
