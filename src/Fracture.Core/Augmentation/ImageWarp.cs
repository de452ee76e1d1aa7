using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Fracture.Core.Imaging;

namespace Fracture.Core.Augmentation;

/// <summary>
/// Affine resampling of 8-bit images: each output pixel centre is mapped back through the inverse transform and
/// sampled bilinearly; neighbours outside the source count as the pad value (OpenCV's BORDER_CONSTANT), so edges
/// fade into the padding instead of smearing. Transforms that move pixel centres onto pixel centres (identity,
/// mirrors, quarter turns, whole-pixel shifts) copy values exactly.
/// </summary>
public static class ImageWarp
{
    // Source positions in 24.8 fixed point: 1/256 pixel steps, the resolution of the 8-bit bilinear weights.
    private const int FracBits = 8;
    private const int FracMask = (1 << FracBits) - 1;
    private const int One = 1 << FracBits;

    // Per-term bound (in pixels) so a row term plus a column term always fits in an int; far beyond any image.
    private const double MaxCoordinate = 1 << 21;

    /// <summary>
    /// The image seen through <paramref name="transform"/> (which maps source coordinates to output coordinates),
    /// as a new <paramref name="outWidth"/> x <paramref name="outHeight"/> image of the same pixel format.
    /// </summary>
    public static DecodedImage Apply(DecodedImage image, AffineTransform transform, int outWidth, int outHeight, byte padValue)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(outWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outHeight, 1);
        var inverse = transform.Invert();

        // Source pixel-index position of output pixel (i, j): inverse applied to its centre, minus half a pixel.
        // It is linear in i and j, so the i part is precomputed per column and the j part once per row.
        var colX = new int[outWidth];
        var colY = new int[outWidth];
        for (var i = 0; i < outWidth; i++)
        {
            colX[i] = ToFixed(inverse.M11 * (i + 0.5));
            colY[i] = ToFixed(inverse.M21 * (i + 0.5));
        }

        var pixels = new byte[(long)outWidth * outHeight * image.Channels];
        for (var j = 0; j < outHeight; j++)
        {
            var rowX = ToFixed((inverse.M12 * (j + 0.5)) + inverse.M13 - 0.5);
            var rowY = ToFixed((inverse.M22 * (j + 0.5)) + inverse.M23 - 0.5);
            var target = pixels.AsSpan(j * outWidth * image.Channels, outWidth * image.Channels);
            if (image.Channels == 1)
            {
                WarpRowGray(image, colX, colY, rowX, rowY, target, padValue);
            }
            else
            {
                WarpRowRgb(image, colX, colY, rowX, rowY, target, padValue);
            }
        }

        return image.WithPixels(outWidth, outHeight, image.Format, pixels);
    }

    private static int ToFixed(double pixels) =>
        (int)Math.Round(Math.Clamp(pixels, -MaxCoordinate, MaxCoordinate) * One, MidpointRounding.ToEven);

    private static void WarpRowGray(DecodedImage image, int[] colX, int[] colY, int rowX, int rowY, Span<byte> target, byte pad)
    {
        var src = image.Pixels;
        ref var origin = ref MemoryMarshal.GetArrayDataReference(src);
        int w = image.Width, h = image.Height;
        for (var i = 0; i < target.Length; i++)
        {
            int fx = rowX + colX[i], fy = rowY + colY[i];
            int x0 = fx >> FracBits, y0 = fy >> FracBits;
            int wx = fx & FracMask, wy = fy & FracMask;
            if ((uint)x0 < (uint)(w - 1) && (uint)y0 < (uint)(h - 1))
            {
                // Unchecked reads: the test above keeps all four neighbours inside the source.
                ref var p = ref Unsafe.Add(ref origin, (y0 * w) + x0);
                var top = (p * (One - wx)) + (Unsafe.Add(ref p, 1) * wx);
                var bottom = (Unsafe.Add(ref p, w) * (One - wx)) + (Unsafe.Add(ref p, w + 1) * wx);
                target[i] = Blend(top, bottom, wy);
            }
            else if (x0 < -1 || x0 >= w || y0 < -1 || y0 >= h)
            {
                target[i] = pad;
            }
            else
            {
                target[i] = SampleBorder(src, w, h, 1, 0, x0, y0, wx, wy, pad);
            }
        }
    }

    private static void WarpRowRgb(DecodedImage image, int[] colX, int[] colY, int rowX, int rowY, Span<byte> target, byte pad)
    {
        var src = image.Pixels;
        ref var origin = ref MemoryMarshal.GetArrayDataReference(src);
        int w = image.Width, h = image.Height, stride = image.Stride;
        for (int i = 0, d = 0; i < colX.Length; i++, d += 3)
        {
            int fx = rowX + colX[i], fy = rowY + colY[i];
            int x0 = fx >> FracBits, y0 = fy >> FracBits;
            int wx = fx & FracMask, wy = fy & FracMask;
            if ((uint)x0 < (uint)(w - 1) && (uint)y0 < (uint)(h - 1))
            {
                // Unchecked reads: the test above keeps all four neighbours inside the source.
                ref var p = ref Unsafe.Add(ref origin, ((y0 * w) + x0) * 3);
                ref var q = ref Unsafe.Add(ref p, stride);
                var ix = One - wx;
                target[d] = Blend((p * ix) + (Unsafe.Add(ref p, 3) * wx), (q * ix) + (Unsafe.Add(ref q, 3) * wx), wy);
                target[d + 1] = Blend((Unsafe.Add(ref p, 1) * ix) + (Unsafe.Add(ref p, 4) * wx), (Unsafe.Add(ref q, 1) * ix) + (Unsafe.Add(ref q, 4) * wx), wy);
                target[d + 2] = Blend((Unsafe.Add(ref p, 2) * ix) + (Unsafe.Add(ref p, 5) * wx), (Unsafe.Add(ref q, 2) * ix) + (Unsafe.Add(ref q, 5) * wx), wy);
            }
            else if (x0 < -1 || x0 >= w || y0 < -1 || y0 >= h)
            {
                target[d] = pad;
                target[d + 1] = pad;
                target[d + 2] = pad;
            }
            else
            {
                for (var c = 0; c < 3; c++)
                {
                    target[d + c] = SampleBorder(src, w, h, 3, c, x0, y0, wx, wy, pad);
                }
            }
        }
    }

    /// <summary>Vertical step of the bilinear blend: rows already weighted by 256, result rounded to nearest.</summary>
    private static byte Blend(int top, int bottom, int wy) =>
        (byte)(((top * (One - wy)) + (bottom * wy) + (1 << ((2 * FracBits) - 1))) >> (2 * FracBits));

    /// <summary>The slow path for the one-pixel ring where some of the four neighbours lie outside the source.</summary>
    private static byte SampleBorder(byte[] src, int w, int h, int channels, int c, int x0, int y0, int wx, int wy, byte pad)
    {
        var top = (Fetch(src, w, h, channels, c, x0, y0, pad) * (One - wx)) + (Fetch(src, w, h, channels, c, x0 + 1, y0, pad) * wx);
        var bottom = (Fetch(src, w, h, channels, c, x0, y0 + 1, pad) * (One - wx)) + (Fetch(src, w, h, channels, c, x0 + 1, y0 + 1, pad) * wx);
        return Blend(top, bottom, wy);
    }

    private static int Fetch(byte[] src, int w, int h, int channels, int c, int x, int y, byte pad) =>
        (uint)x < (uint)w && (uint)y < (uint)h ? src[(((y * w) + x) * channels) + c] : pad;
}
