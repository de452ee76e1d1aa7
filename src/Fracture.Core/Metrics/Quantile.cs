namespace Fracture.Core.Metrics;

/// <summary>Quantiles of sorted samples.</summary>
public static class Quantile
{
    /// <summary>
    /// The q-quantile (0..1) of ascending <paramref name="sorted"/> values, interpolating linearly between order
    /// statistics (position q·(n − 1); numpy's default).
    /// </summary>
    public static double Linear(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        if (q is < 0 or > 1 || double.IsNaN(q))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile lies in 0..1");
        }

        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
