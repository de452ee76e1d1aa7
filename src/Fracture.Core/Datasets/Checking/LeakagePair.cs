namespace Fracture.Core.Datasets.Checking;

/// <summary>Two near-identical images in different splits, and their hash distance (bits).</summary>
public sealed record LeakagePair(string SplitA, string ImageA, string SplitB, string ImageB, int Distance);
