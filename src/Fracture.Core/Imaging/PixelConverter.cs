using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fracture.Core.Imaging;

/// <summary>
/// Channel conversions on whole buffers. Grey from colour uses ITU-R BT.601 luma, Y = 0.299 R + 0.587 G + 0.114 B,
/// the weights OpenCV's cvtColor (and so Ultralytics-style pipelines) use; in 14-bit fixed point the weights sum
/// to exactly 1, so grey stored as RGB (R = G = B) converts back to the identical grey value.
/// </summary>
internal static class PixelConverter
{
    private const int WeightR = 4899; // round(0.299 * 2^14)
    private const int WeightG = 9617; // round(0.587 * 2^14)
    private const int WeightB = 1868; // round(0.114 * 2^14)
    private const int Half = 1 << 13;
    private const int Shift = 14;

    public static int Luma(int r, int g, int b) => ((r * WeightR) + (g * WeightG) + (b * WeightB) + Half) >> Shift;

    /// <summary>Drops alpha. Four pixels per step: one shuffle packs 16 RGBA bytes into 12 RGB bytes.</summary>
    public static void RgbaToRgb(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        var n = rgb.Length / 3;
        int i = 0, s = 0, d = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Index 0xFF selects zero; those 4 bytes are overwritten by the next store.
            var pack = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0xFF, 0xFF, 0xFF, 0xFF);
            for (; d + 16 <= rgb.Length; i += 4, s += 16, d += 12)
            {
                Vector128.Shuffle(Vector128.Create(rgba.Slice(s, 16)), pack).CopyTo(rgb.Slice(d, 16));
            }
        }

        for (; i < n; i++, s += 4, d += 3)
        {
            rgb[d] = rgba[s];
            rgb[d + 1] = rgba[s + 1];
            rgb[d + 2] = rgba[s + 2];
        }
    }

    /// <summary>One 32-bit load per pixel (little-endian: R in the low byte).</summary>
    public static void RgbaToGray(ReadOnlySpan<byte> rgba, Span<byte> gray)
    {
        var pixels = MemoryMarshal.Cast<byte, uint>(rgba)[..gray.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = pixels[i];
            gray[i] = (byte)Luma((int)(p & 0xFF), (int)((p >> 8) & 0xFF), (int)((p >> 16) & 0xFF));
        }
    }

    public static void RgbToGray(ReadOnlySpan<byte> rgb, Span<byte> gray)
    {
        for (int i = 0, s = 0; i < gray.Length; i++, s += 3)
        {
            gray[i] = (byte)Luma(rgb[s], rgb[s + 1], rgb[s + 2]);
        }
    }

    public static void GrayToRgb(ReadOnlySpan<byte> gray, Span<byte> rgb)
    {
        for (int i = 0, d = 0; i < gray.Length; i++, d += 3)
        {
            var v = gray[i];
            rgb[d] = v;
            rgb[d + 1] = v;
            rgb[d + 2] = v;
        }
    }

    /// <summary>16-bit RGB to 16-bit luma; the same weights, the result still fits 16 bits.</summary>
    public static void Rgb16ToGray16(ReadOnlySpan<ushort> rgb, Span<ushort> gray)
    {
        for (int i = 0, s = 0; i < gray.Length; i++, s += 3)
        {
            gray[i] = (ushort)Luma(rgb[s], rgb[s + 1], rgb[s + 2]);
        }
    }

    /// <summary>Exact widening: 0 stays 0 and 255 becomes 65535.</summary>
    public static void Gray8ToGray16(ReadOnlySpan<byte> gray, Span<ushort> wide)
    {
        for (var i = 0; i < gray.Length; i++)
        {
            wide[i] = (ushort)(gray[i] * 257);
        }
    }

    /// <summary>
    /// Maps 16-bit samples to 8 bits by a min-max window over the values actually present (all channels together,
    /// so colour balance is kept). X-ray detectors often fill only 10-12 of the 16 bits, where a plain shift
    /// would leave an almost black image. A constant image maps to its high byte.
    /// </summary>
    public static void Window16To8(ReadOnlySpan<ushort> src, Span<byte> dst)
    {
        if (src.IsEmpty)
        {
            return;
        }

        int min = ushort.MaxValue, max = 0;
        foreach (var v in src)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var range = max - min;
        if (range == 0)
        {
            dst[..src.Length].Fill((byte)(min >> 8));
            return;
        }

        // Lookup table: at most 65536 entries, cheaper than a division per sample on large images.
        var table = new byte[range + 1];
        for (var v = 0; v <= range; v++)
        {
            table[v] = (byte)(((v * 255) + (range / 2)) / range);
        }

        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = table[src[i] - min];
        }
    }
}
