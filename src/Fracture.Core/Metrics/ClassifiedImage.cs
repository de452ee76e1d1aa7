namespace Fracture.Core.Metrics;

/// <summary>One image of a split as a classifier saw it, for scoring and comparing classifiers.</summary>
/// <param name="Image">The image's file name.</param>
/// <param name="Actual">The labelled class (0 = no fracture, then the dataset's classes shifted by one).</param>
/// <param name="Predicted">The classifier's top class, on the same ids.</param>
/// <param name="FractureScore">The classifier's "fracture present" score, 1 - p(no fracture).</param>
public sealed record ClassifiedImage(string Image, int Actual, int Predicted, double FractureScore);
