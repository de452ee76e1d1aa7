using System.Numerics;

namespace Fracture.Core.Metrics;

/// <summary>Intersection over union of two pixel masks of the same size.</summary>
public static class MaskIoU
{
    /// <summary>|a AND b| / |a OR b|; 0 when both masks are empty (same convention as <c>PixelBox.IoU</c>).</summary>
    public static double Compute(BinaryMask a, BinaryMask b)
    {
        var inter = Intersection(a, b);

        // Union from the cached counts saves a second pass.
        var union = a.PixelCount + b.PixelCount - inter;
        return union == 0 ? 0 : (double)inter / union;
    }

    /// <summary>|a AND b|: the pixels on in both masks.</summary>
    public static long Intersection(BinaryMask a, BinaryMask b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"Mask sizes differ: {a.Width}x{a.Height} vs {b.Width}x{b.Height}.", nameof(b));
        }

        var wa = a.Words;
        var wb = b.Words;
        long inter = 0;
        for (var i = 0; i < wa.Length; i++)
        {
            inter += BitOperations.PopCount(wa[i] & wb[i]);
        }

        return inter;
    }
}
