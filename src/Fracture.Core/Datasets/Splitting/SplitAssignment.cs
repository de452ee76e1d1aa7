namespace Fracture.Core.Datasets.Splitting;

/// <summary>Where one image goes. <see cref="Label"/> is the image's stratification class (-1 = no fracture).</summary>
public sealed record SplitAssignment(string ImagePath, string OriginalSplit, int Group, int Label, string Split);
