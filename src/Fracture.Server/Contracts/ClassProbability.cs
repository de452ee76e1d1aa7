namespace Fracture.Server.Contracts;

/// <summary>One class's probability in a classifier's answer.</summary>
public sealed record ClassProbability(string ClassName, double Probability);
