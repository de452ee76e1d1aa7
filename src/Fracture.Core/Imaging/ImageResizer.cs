using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Fracture.Core.Imaging;

/// <summary>
/// Managed, separable resizing: area averaging when shrinking (anti-aliased, like OpenCV's INTER_AREA), bilinear
/// when enlarging (see <see cref="ResampleAxis"/>). Coordinates map as target = source * (target size / source size);
/// <see cref="ResizeTransform"/> converts points and boxes.
/// </summary>
public static class ImageResizer
{
    /// <summary>A new image of the given size; the input is never modified or returned.</summary>
    public static DecodedImage Resize(DecodedImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var pixels = GC.AllocateUninitializedArray<byte>(checked(width * height * image.Channels));
        if (width == image.Width && height == image.Height)
        {
            image.Pixels.CopyTo(pixels, 0);
        }
        else
        {
            Resample(image.Pixels, image.Width, image.Height, image.Channels, width, height, pixels, []);
        }

        return image.WithPixels(width, height, image.Format, pixels);
    }

    /// <summary>Resizes interleaved 8-bit pixels into unrounded floats (hash thumbnails want the precision).</summary>
    internal static void ResizeToFloat(
        ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int channels, Span<float> target, int width, int height) =>
        Resample(source, sourceWidth, sourceHeight, channels, width, height, [], target);

    /// <summary>Horizontal pass into float rows, then a vertical pass per output row into exactly one of the targets.</summary>
    private static void Resample(
        ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int channels, int width, int height, Span<byte> bytes, Span<float> floats)
    {
        var xAxis = ResampleAxis.Create(sourceWidth, width);
        var yAxis = ResampleAxis.Create(sourceHeight, height);
        var rowLength = width * channels;
        var sourceRow = sourceWidth * channels;

        var rowsArray = ArrayPool<float>.Shared.Rent((sourceHeight * rowLength) + rowLength);
        try
        {
            var rows = rowsArray.AsSpan(0, sourceHeight * rowLength);
            var acc = rowsArray.AsSpan(sourceHeight * rowLength, rowLength);

            // Only rows the vertical pass reads with non-zero weight (enlarging by a lot touches few).
            var used = new bool[sourceHeight];
            for (var i = 0; i < yAxis.Weights.Length; i++)
            {
                used[yAxis.First[i / yAxis.Taps] + (i % yAxis.Taps)] |= yAxis.Weights[i] != 0;
            }

            for (var y = 0; y < sourceHeight; y++)
            {
                if (used[y])
                {
                    ResampleRow(source.Slice(y * sourceRow, sourceRow), channels, xAxis, rows.Slice(y * rowLength, rowLength));
                }
            }

            for (var o = 0; o < height; o++)
            {
                acc.Clear();
                for (var k = 0; k < yAxis.Taps; k++)
                {
                    var w = yAxis.Weights[(o * yAxis.Taps) + k];
                    if (w != 0)
                    {
                        AddScaled(acc, rows.Slice((yAxis.First[o] + k) * rowLength, rowLength), w);
                    }
                }

                if (bytes.IsEmpty)
                {
                    acc.CopyTo(floats.Slice(o * rowLength, rowLength));
                }
                else
                {
                    RoundToBytes(acc, bytes.Slice(o * rowLength, rowLength));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rowsArray);
        }
    }

    private static void ResampleRow(ReadOnlySpan<byte> source, int channels, ResampleAxis axis, Span<float> target)
    {
        var taps = axis.Taps;
        var first = axis.First;
        var weights = axis.Weights.AsSpan();
        if (channels == 3)
        {
            for (var o = 0; o < first.Length; o++)
            {
                var w = weights.Slice(o * taps, taps);
                var s = source.Slice(first[o] * 3, taps * 3);
                float r = 0, g = 0, b = 0;
                for (int k = 0, i = 0; k < w.Length; k++, i += 3)
                {
                    var wk = w[k];
                    r += wk * s[i];
                    g += wk * s[i + 1];
                    b += wk * s[i + 2];
                }

                var d = target.Slice(o * 3, 3);
                d[0] = r;
                d[1] = g;
                d[2] = b;
            }

            return;
        }

        for (var o = 0; o < first.Length; o++)
        {
            var w = weights.Slice(o * taps, taps);
            var s = source.Slice(first[o], taps);
            var sum = 0f;
            for (var k = 0; k < w.Length; k++)
            {
                sum += w[k] * s[k];
            }

            target[o] = sum;
        }
    }

    private static void AddScaled(Span<float> acc, ReadOnlySpan<float> row, float weight)
    {
        var vectorAcc = MemoryMarshal.Cast<float, Vector<float>>(acc);
        var vectorRow = MemoryMarshal.Cast<float, Vector<float>>(row);
        var vectorWeight = new Vector<float>(weight);
        for (var i = 0; i < vectorAcc.Length; i++)
        {
            vectorAcc[i] += vectorRow[i] * vectorWeight;
        }

        for (var i = vectorAcc.Length * Vector<float>.Count; i < acc.Length; i++)
        {
            acc[i] += row[i] * weight;
        }
    }

    /// <summary>
    /// Weights are non-negative and sum to 1, so every value is a convex mix of bytes and lies in [0, 255]
    /// (up to float rounding, which the +0.5 and truncation absorb): no clamping needed.
    /// </summary>
    private static void RoundToBytes(ReadOnlySpan<float> values, Span<byte> target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (byte)(int)(values[i] + 0.5f);
        }
    }
}
