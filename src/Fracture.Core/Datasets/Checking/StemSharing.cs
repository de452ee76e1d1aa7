namespace Fracture.Core.Datasets.Checking;

/// <summary>
/// File-name stems (the part before Roboflow's ".rf.") that occur in two splits, and how many of those stems
/// actually hold near-identical images: shows why names alone cannot find leakage.
/// </summary>
public sealed record StemSharing(string SplitA, string SplitB, int SharedStems, int SharedStemsWithNearIdenticalImages);
