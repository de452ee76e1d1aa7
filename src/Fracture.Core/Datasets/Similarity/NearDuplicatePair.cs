namespace Fracture.Core.Datasets.Similarity;

/// <summary>Two images (indices into the searched list) judged near-identical, with the evidence.</summary>
public sealed record NearDuplicatePair(int First, int Second, int HashDistance, double Correlation);
