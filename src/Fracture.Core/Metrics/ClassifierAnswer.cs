namespace Fracture.Core.Metrics;

/// <summary>A classifier's answer for one image: a <c>"task": "classify"</c> row of `fracture predict --json`.</summary>
/// <param name="Image">The image's file name.</param>
/// <param name="ClassId">The top class.</param>
/// <param name="Score">The top class's probability.</param>
/// <param name="FractureProbability">1 - p(no fracture); null for a classifier without a "no fracture" class.</param>
public sealed record ClassifierAnswer(string Image, int ClassId, double Score, double? FractureProbability);
