namespace Fracture.Core.Evaluation;

/// <summary>An image of a split and its image-level class (0 = no fracture, then the dataset's classes shifted by one).</summary>
public sealed record LabelledImage(string Image, int ClassId);
