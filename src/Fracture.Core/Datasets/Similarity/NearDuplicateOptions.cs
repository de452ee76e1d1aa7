namespace Fracture.Core.Datasets.Similarity;

/// <summary>Thresholds of near-duplicate search (see docs/datasets.md for how they were chosen).</summary>
/// <param name="HashThreshold">Candidate when some rotation's 64-bit hash is within this many bits of the other's.</param>
/// <param name="CorrelationThreshold">Confirmed when the best correlation of the centre signatures reaches this.</param>
public sealed record NearDuplicateOptions(int HashThreshold = 12, double CorrelationThreshold = 0.96)
{
    /// <summary>Rotations (degrees) tried when confirming a candidate pair.</summary>
    public IReadOnlyList<double> ConfirmAngles { get; init; } = [-20, -16, -12, -8, -4, 0, 4, 8, 12, 16, 20];

    /// <summary>Zooms tried when confirming: augmentation crops and rescales copies by about 10%.</summary>
    public IReadOnlyList<double> ConfirmZooms { get; init; } = [0.9, 1.0, 1.1];
}
