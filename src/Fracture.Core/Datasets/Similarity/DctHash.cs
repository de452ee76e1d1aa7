namespace Fracture.Core.Datasets.Similarity;

/// <summary>
/// The 64-bit DCT perceptual hash of a 32x32 grey thumbnail: the 8x8 lowest frequencies of a 2-D DCT-II, one bit
/// each for "above the median of the 63 non-DC coefficients" (the DC term only says how bright the image is).
/// </summary>
public static class DctHash
{
    public const int InputSize = 32;

    private const int Kept = 8;

    // cos((2x + 1) u pi / 64) for u < 8, x < 32: the only DCT rows the hash needs.
    private static readonly double[,] Basis = BuildBasis();

    public static ulong Compute(ReadOnlySpan<float> thumbnail)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(thumbnail.Length, InputSize * InputSize);
        // Separable DCT: rows first (32x8), then columns (8x8).
        var rows = new double[InputSize, Kept];
        for (var y = 0; y < InputSize; y++)
        {
            for (var u = 0; u < Kept; u++)
            {
                var sum = 0.0;
                for (var x = 0; x < InputSize; x++)
                {
                    sum += thumbnail[(y * InputSize) + x] * Basis[u, x];
                }

                rows[y, u] = sum;
            }
        }

        var coefficients = new double[Kept * Kept];
        for (var v = 0; v < Kept; v++)
        {
            for (var u = 0; u < Kept; u++)
            {
                var sum = 0.0;
                for (var y = 0; y < InputSize; y++)
                {
                    sum += rows[y, u] * Basis[v, y];
                }

                coefficients[(v * Kept) + u] = sum;
            }
        }

        var median = Median(coefficients.AsSpan(1));
        ulong hash = 0;
        for (var i = 0; i < coefficients.Length; i++)
        {
            if (coefficients[i] > median)
            {
                hash |= 1UL << i;
            }
        }

        return hash;
    }

    private static double Median(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double[,] BuildBasis()
    {
        var basis = new double[Kept, InputSize];
        for (var u = 0; u < Kept; u++)
        {
            for (var x = 0; x < InputSize; x++)
            {
                basis[u, x] = Math.Cos((((2 * x) + 1) * u * Math.PI) / (2 * InputSize));
            }
        }

        return basis;
    }
}
