using System.Buffers;

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
        var pixels = new byte[(long)width * height * image.Channels];
        if (width == image.Width && height == image.Height)
        {
            image.Pixels.CopyTo(pixels, 0);
        }
        else
        {
            var output = ArrayPool<float>.Shared.Rent(pixels.Length);
            try
            {
                ResizeToFloat(image.Pixels, image.Width, image.Height, image.Channels, output, width, height);
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = (byte)Math.Clamp((int)(output[i] + 0.5f), 0, 255);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(output);
            }
        }

        return image.WithPixels(width, height, image.Format, pixels);
    }

    /// <summary>Resizes interleaved 8-bit pixels into unrounded floats (also used for hash thumbnails).</summary>
    internal static void ResizeToFloat(
        ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int channels, Span<float> target, int width, int height)
    {
        var xAxis = ResampleAxis.Create(sourceWidth, width);
        var yAxis = ResampleAxis.Create(sourceHeight, height);
        var rowLength = width * channels;

        // Horizontal pass over only the source rows the vertical pass reads.
        var rowsNeeded = ArrayPool<float>.Shared.Rent(sourceHeight * rowLength);
        try
        {
            var rows = rowsNeeded.AsSpan(0, sourceHeight * rowLength);
            var used = new bool[sourceHeight];
            for (var o = 0; o < height; o++)
            {
                for (var k = 0; k < yAxis.Taps; k++)
                {
                    used[yAxis.First[o] + k] |= yAxis.Weights[(o * yAxis.Taps) + k] != 0;
                }
            }

            for (var y = 0; y < sourceHeight; y++)
            {
                if (used[y])
                {
                    ResampleRow(source.Slice(y * sourceWidth * channels, sourceWidth * channels), channels, xAxis, rows.Slice(y * rowLength, rowLength));
                }
            }

            for (var o = 0; o < height; o++)
            {
                var acc = target.Slice(o * rowLength, rowLength);
                acc.Clear();
                for (var k = 0; k < yAxis.Taps; k++)
                {
                    var w = yAxis.Weights[(o * yAxis.Taps) + k];
                    if (w == 0)
                    {
                        continue;
                    }

                    var row = rows.Slice((yAxis.First[o] + k) * rowLength, rowLength);
                    for (var i = 0; i < acc.Length; i++)
                    {
                        acc[i] += w * row[i];
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rowsNeeded);
        }
    }

    private static void ResampleRow(ReadOnlySpan<byte> source, int channels, ResampleAxis axis, Span<float> target)
    {
        var taps = axis.Taps;
        var weights = axis.Weights;
        var d = 0;
        for (var o = 0; o < axis.First.Length; o++)
        {
            var start = axis.First[o] * channels;
            var wBase = o * taps;
            for (var c = 0; c < channels; c++)
            {
                var sum = 0f;
                for (int k = 0, s = start + c; k < taps; k++, s += channels)
                {
                    sum += weights[wBase + k] * source[s];
                }

                target[d++] = sum;
            }
        }
    }
}
