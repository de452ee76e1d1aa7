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
            Resample(image.Pixels, image.Width, image.Height, image.Channels, width, height, pixels, width * image.Channels, []);
        }

        return image.WithPixels(width, height, image.Format, pixels);
    }

    /// <summary>Resizes interleaved 8-bit pixels into unrounded floats (hash thumbnails want the precision).</summary>
    internal static void ResizeToFloat(
        ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int channels, Span<float> target, int width, int height) =>
        Resample(source, sourceWidth, sourceHeight, channels, width, height, [], 0, target);

    /// <summary>
    /// Resizes into a window of a larger buffer: output row y starts at target[y * targetStride]
    /// (letterboxing writes straight into its padded canvas this way).
    /// </summary>
    internal static void ResizeInto(
        DecodedImage image, Span<byte> target, int width, int height, int targetStride) =>
        Resample(image.Pixels, image.Width, image.Height, image.Channels, width, height, target, targetStride, []);

    /// <summary>
    /// The vertical pass is vectorised and the horizontal one is not, so the horizontal pass runs on whichever is
    /// fewer: source rows (horizontal first, when enlarging) or output rows (vertical first, when shrinking).
    /// Writes into exactly one of <paramref name="bytes"/> (rows <paramref name="byteStride"/> apart) and <paramref name="floats"/>.
    /// </summary>
    private static void Resample(
        ReadOnlySpan<byte> source,
        int sourceWidth,
        int sourceHeight,
        int channels,
        int width,
        int height,
        Span<byte> bytes,
        int byteStride,
        Span<float> floats)
    {
        var xAxis = ResampleAxis.Create(sourceWidth, width);
        var yAxis = ResampleAxis.Create(sourceHeight, height);
        var sourceRow = sourceWidth * channels;
        var rowLength = width * channels;
        var verticalFirst = height < sourceHeight;
        var scratchLength = verticalFirst ? sourceRow + rowLength : (sourceHeight * rowLength) + sourceRow + rowLength;
        var scratch = ArrayPool<float>.Shared.Rent(scratchLength);
        try
        {
            if (verticalFirst)
            {
                var column = scratch.AsSpan(0, sourceRow);
                var output = scratch.AsSpan(sourceRow, rowLength);
                for (var o = 0; o < height; o++)
                {
                    column.Clear();
                    for (var k = 0; k < yAxis.Taps; k++)
                    {
                        var w = yAxis.Weights[(o * yAxis.Taps) + k];
                        if (w != 0)
                        {
                            AddScaled(column, source.Slice((yAxis.First[o] + k) * sourceRow, sourceRow), w);
                        }
                    }

                    ResampleRow(column, channels, xAxis, output);
                    Emit(output, o, bytes, byteStride, floats);
                }

                return;
            }

            var rows = scratch.AsSpan(0, sourceHeight * rowLength);
            var widened = scratch.AsSpan(sourceHeight * rowLength, sourceRow);
            var acc = scratch.AsSpan((sourceHeight * rowLength) + sourceRow, rowLength);
            var used = new bool[sourceHeight];
            for (var i = 0; i < yAxis.Weights.Length; i++)
            {
                used[yAxis.First[i / yAxis.Taps] + (i % yAxis.Taps)] |= yAxis.Weights[i] != 0;
            }

            for (var y = 0; y < sourceHeight; y++)
            {
                if (used[y])
                {
                    widened.Clear();
                    AddScaled(widened, source.Slice(y * sourceRow, sourceRow), 1f);
                    ResampleRow(widened, channels, xAxis, rows.Slice(y * rowLength, rowLength));
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

                Emit(acc, o, bytes, byteStride, floats);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static void Emit(ReadOnlySpan<float> row, int y, Span<byte> bytes, int byteStride, Span<float> floats)
    {
        if (bytes.IsEmpty)
        {
            row.CopyTo(floats.Slice(y * row.Length, row.Length));
        }
        else
        {
            RoundToBytes(row, bytes.Slice(y * byteStride, row.Length));
        }
    }

    private static void ResampleRow(ReadOnlySpan<float> source, int channels, ResampleAxis axis, Span<float> target)
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

    /// <summary>acc += weight * row, vectorised.</summary>
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

    /// <summary>acc += weight * bytes, widening bytes to floats a vector at a time.</summary>
    private static void AddScaled(Span<float> acc, ReadOnlySpan<byte> row, float weight)
    {
        var vectorWeight = new Vector<float>(weight);
        var blocks = row.Length / Vector<byte>.Count;
        var lanes = Vector<float>.Count;
        for (var b = 0; b < blocks; b++)
        {
            var offset = b * Vector<byte>.Count;
            Vector.Widen(new Vector<byte>(row.Slice(offset)), out var low, out var high);
            Vector.Widen(low, out var q0, out var q1);
            Vector.Widen(high, out var q2, out var q3);
            AddLanes(acc.Slice(offset, lanes), q0, vectorWeight);
            AddLanes(acc.Slice(offset + lanes, lanes), q1, vectorWeight);
            AddLanes(acc.Slice(offset + (2 * lanes), lanes), q2, vectorWeight);
            AddLanes(acc.Slice(offset + (3 * lanes), lanes), q3, vectorWeight);
        }

        for (var i = blocks * Vector<byte>.Count; i < row.Length; i++)
        {
            acc[i] += row[i] * weight;
        }
    }

    private static void AddLanes(Span<float> acc, Vector<uint> values, Vector<float> weight) =>
        (new Vector<float>(acc) + (Vector.ConvertToSingle(values) * weight)).CopyTo(acc);

    /// <summary>
    /// Weights are non-negative and sum to 1, so every value is a convex mix of bytes and lies in [0, 255]
    /// (up to float rounding, which the +0.5 and truncation absorb): no clamping needed, and narrowing is exact.
    /// </summary>
    private static void RoundToBytes(ReadOnlySpan<float> values, Span<byte> target)
    {
        var lanes = Vector<float>.Count;
        var blocks = target.Length / Vector<byte>.Count;
        var half = new Vector<float>(0.5f);
        for (var b = 0; b < blocks; b++)
        {
            var v = values.Slice(b * Vector<byte>.Count);
            var q0 = Vector.ConvertToUInt32(new Vector<float>(v) + half);
            var q1 = Vector.ConvertToUInt32(new Vector<float>(v.Slice(lanes)) + half);
            var q2 = Vector.ConvertToUInt32(new Vector<float>(v.Slice(2 * lanes)) + half);
            var q3 = Vector.ConvertToUInt32(new Vector<float>(v.Slice(3 * lanes)) + half);
            Vector.Narrow(Vector.Narrow(q0, q1), Vector.Narrow(q2, q3)).CopyTo(target.Slice(b * Vector<byte>.Count));
        }

        for (var i = blocks * Vector<byte>.Count; i < target.Length; i++)
        {
            target[i] = (byte)(int)(values[i] + 0.5f);
        }
    }
}
