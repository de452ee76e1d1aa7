using System.Numerics;

namespace Fracture.Core.Metrics;

/// <summary>
/// An immutable width x height grid of on/off pixels, stored row-major and bit-packed so that
/// intersection and union counts are a popcount over 64 pixels at a time.
/// </summary>
public sealed class BinaryMask
{
    private readonly ulong[] _words;

    internal BinaryMask(int width, int height, ulong[] words)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (words.Length != WordCount(width, height))
        {
            throw new ArgumentException("Word buffer does not match the mask size.", nameof(words));
        }

        Width = width;
        Height = height;
        _words = words;
        PixelCount = CountBits(words);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Number of pixels that are on.</summary>
    public long PixelCount { get; }

    /// <summary>Whether pixel (x, y) is on; x is the column, y the row.</summary>
    public bool this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            {
                throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside a {Width}x{Height} mask.");
            }

            var i = ((long)y * Width) + x;
            return (_words[i >> 6] & (1UL << (int)(i & 63))) != 0;
        }
    }

    /// <summary>A mask of all-off pixels.</summary>
    public static BinaryMask Empty(int width, int height) => new(width, height, new ulong[WordCount(width, height)]);

    /// <summary>Builds a mask from row-major pixels (index y * width + x).</summary>
    public static BinaryMask FromPixels(int width, int height, IReadOnlyList<bool> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (pixels.Count != (long)width * height)
        {
            throw new ArgumentException($"Expected {(long)width * height} pixels, got {pixels.Count}.", nameof(pixels));
        }

        var words = new ulong[WordCount(width, height)];
        for (var i = 0; i < pixels.Count; i++)
        {
            if (pixels[i])
            {
                words[i >> 6] |= 1UL << (i & 63);
            }
        }

        return new BinaryMask(width, height, words);
    }

    /// <summary>The pixels row-major (index y * width + x), true where on.</summary>
    public bool[] ToPixels()
    {
        var pixels = new bool[(long)Width * Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (_words[i >> 6] & (1UL << (i & 63))) != 0;
        }

        return pixels;
    }

    internal ReadOnlySpan<ulong> Words => _words;

    internal static int WordCount(int width, int height) => checked((int)(((long)width * height + 63) / 64));

    private static long CountBits(ulong[] words)
    {
        long n = 0;
        foreach (var w in words)
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }
}
