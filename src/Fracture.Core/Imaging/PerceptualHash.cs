using System.Numerics;

namespace Fracture.Core.Imaging;

/// <summary>
/// 64-bit DCT perceptual hash (pHash) for near-duplicate search: grey (BT.601), area-averaged to 32x32, 2-D DCT-II,
/// the 8x8 lowest frequencies (DC included), one bit per coefficient set when it is above the median of all 64.
/// This follows the imagehash library's phash: unnormalised DCT, median over all 64; bit order is row-major over
/// the 8x8 block (vertical frequency major) with the DC coefficient in the most significant bit.
/// Near-duplicates differ in a few bits (<see cref="Distance"/>); unrelated images in about 32.
/// </summary>
public static class PerceptualHash
{
    private const int ThumbSize = 32;
    private const int BlockSize = 8;

    // Cos[u * 32 + x] = cos((2x + 1) u pi / 64): DCT-II basis for the 8 lowest frequencies.
    private static readonly double[] Cos = BuildCosines();

    public static ulong Compute(DecodedImage image) => HashOf(LowFrequencies(image), 0);

    /// <summary>Side of the grey thumbnail the hash is computed from.</summary>
    public const int ThumbnailSize = ThumbSize;

    /// <summary>The hash of a ready-made 32x32 grey thumbnail (row-major), for callers that prepare their own view.</summary>
    public static ulong FromThumbnail(ReadOnlySpan<float> thumbnail)
    {
        if (thumbnail.Length != ThumbSize * ThumbSize)
        {
            throw new ArgumentException($"a {ThumbSize}x{ThumbSize} thumbnail has {ThumbSize * ThumbSize} values, got {thumbnail.Length}", nameof(thumbnail));
        }

        return HashOf(Dct(thumbnail), 0);
    }

    /// <summary>
    /// Hashes of the image under the 8 flips and quarter turns, indexed like <see cref="ExifOrientation"/> - 1:
    /// [0] as is, [1] mirrored left-right, [2] rotated 180, [3] mirrored top-bottom, [4] transposed,
    /// [5] rotated 90 clockwise, [6] transversed, [7] rotated 90 counter-clockwise.
    /// Computed from one DCT: mirroring negates odd frequencies and transposing swaps the two frequency axes.
    /// </summary>
    public static ulong[] ComputeDihedral(DecodedImage image)
    {
        var block = LowFrequencies(image);
        var hashes = new ulong[8];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = HashOf(block, i);
        }

        return hashes;
    }

    /// <summary>Number of differing bits (0-64).</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>The 8x8 DCT block, [v * 8 + u] with v the vertical and u the horizontal frequency.</summary>
    private static double[] LowFrequencies(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var gray = image.ToFormat(PixelFormat.Gray8);
        var thumb = new float[ThumbSize * ThumbSize];
        ImageResizer.ResizeToFloat(gray.Pixels, gray.Width, gray.Height, 1, thumb, ThumbSize, ThumbSize);
        return Dct(thumb);
    }

    private static double[] Dct(ReadOnlySpan<float> thumb)
    {
        // Rows first: rowFreq[y * 8 + u] = sum_x f(x, y) cos_u(x).
        var rowFreq = new double[ThumbSize * BlockSize];
        for (var y = 0; y < ThumbSize; y++)
        {
            for (var u = 0; u < BlockSize; u++)
            {
                var sum = 0.0;
                for (var x = 0; x < ThumbSize; x++)
                {
                    sum += thumb[(y * ThumbSize) + x] * Cos[(u * ThumbSize) + x];
                }

                rowFreq[(y * BlockSize) + u] = sum;
            }
        }

        var block = new double[BlockSize * BlockSize];
        for (var v = 0; v < BlockSize; v++)
        {
            for (var u = 0; u < BlockSize; u++)
            {
                var sum = 0.0;
                for (var y = 0; y < ThumbSize; y++)
                {
                    sum += rowFreq[(y * BlockSize) + u] * Cos[(v * ThumbSize) + y];
                }

                block[(v * BlockSize) + u] = sum;
            }
        }

        return block;
    }

    /// <summary>Hash of the block after dihedral transform <paramref name="variant"/> (see <see cref="ComputeDihedral"/>).</summary>
    private static ulong HashOf(double[] block, int variant)
    {
        var transposed = variant >= 4;
        // Which frequency parities flip sign, in the transform's own axes (after any transpose).
        var (negateOddU, negateOddV) = variant switch
        {
            0 or 4 => (false, false),
            1 or 5 => (true, false),
            2 or 6 => (true, true),
            _ => (false, true),
        };

        var values = new double[BlockSize * BlockSize];
        for (var v = 0; v < BlockSize; v++)
        {
            for (var u = 0; u < BlockSize; u++)
            {
                var c = transposed ? block[(u * BlockSize) + v] : block[(v * BlockSize) + u];
                var negate = (negateOddU && (u & 1) == 1) ^ (negateOddV && (v & 1) == 1);
                values[(v * BlockSize) + u] = negate ? -c : c;
            }
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var median = (sorted[31] + sorted[32]) / 2;
        var hash = 0UL;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > median)
            {
                hash |= 1UL << (63 - i);
            }
        }

        return hash;
    }

    private static double[] BuildCosines()
    {
        var table = new double[BlockSize * ThumbSize];
        for (var u = 0; u < BlockSize; u++)
        {
            for (var x = 0; x < ThumbSize; x++)
            {
                table[(u * ThumbSize) + x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * ThumbSize));
            }
        }

        return table;
    }
}
