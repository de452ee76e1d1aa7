namespace Fracture.Core.Datasets.Checking;

/// <summary>
/// Near-identical images across and within splits, found by image content (a perceptual hash), not file names.
/// </summary>
/// <param name="Method">How images were compared, in words.</param>
/// <param name="Threshold">Largest hash distance (bits of 64) counted as near-identical.</param>
/// <param name="CrossSplitPairs">Every near-identical pair that spans two splits.</param>
/// <param name="CrossSplitPairCounts">Pair counts by split pair, e.g. "train/val".</param>
/// <param name="Stems">Shared file-name stems by split pair.</param>
public sealed record LeakageReport(
    string Method,
    int Threshold,
    int ImagesCompared,
    IReadOnlyList<LeakagePair> CrossSplitPairs,
    IReadOnlyDictionary<string, int> CrossSplitPairCounts,
    IReadOnlyList<StemSharing> Stems);
