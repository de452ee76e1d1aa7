namespace Fracture.Server.Contracts;

/// <summary>One finding of a detector or segmenter, in pixels of the uploaded image.</summary>
/// <param name="Model">Id of the model that found it.</param>
/// <param name="Outline">A segmenter's outline as [x, y] pairs; null for a detector.</param>
public sealed record PredictionFinding(int ClassId, string ClassName, double Confidence, string Model, FindingBox Box, IReadOnlyList<double[]>? Outline);
