using Fracture.Core.Datasets.Similarity;

namespace Fracture.Core.Datasets.Checking;

/// <summary>What `fracture dataset check` does beyond reading labels.</summary>
/// <param name="DecodeImages">Decode every image (finds corrupt and truncated files; needed for leakage).</param>
/// <param name="FindLeakage">Search near-identical images across and within splits.</param>
/// <param name="MaxExamples">How many label problems to list per split (all are counted).</param>
public sealed record CheckOptions(bool DecodeImages = true, bool FindLeakage = true, int MaxExamples = 20)
{
    public NearDuplicateOptions NearDuplicates { get; init; } = new();

    /// <summary>Decoding is capped at this long side: enough for fingerprints, and it bounds memory on huge images.</summary>
    public int DecodeMaxSide { get; init; } = 256;
}
