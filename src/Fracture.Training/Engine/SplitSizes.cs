namespace Fracture.Training.Engine;

/// <summary>How much data a run trained and validated on: images per training epoch, validation images that score.</summary>
public sealed record SplitSizes(int Train, int Val);
