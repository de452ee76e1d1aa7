namespace Fracture.Core.Metrics;

/// <summary>One evaluated prediction: its score and, bit t set, whether it matched at IoU threshold t.</summary>
internal readonly record struct ScoredMatch(double Score, int TruePositiveMask)
{
    public bool IsTruePositiveAt(int threshold) => (TruePositiveMask & (1 << threshold)) != 0;
}
