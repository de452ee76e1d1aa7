namespace Fracture.Core.Datasets.Similarity;

/// <summary>
/// A small square grey image as floats, used to compare images by content. Kept separate from decoded images so
/// the comparison code is plain arithmetic on a fixed size.
/// </summary>
public sealed class GrayPlane
{
    public GrayPlane(int size, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(pixels.Length, size * size);
        Size = size;
        Pixels = pixels;
    }

    public int Size { get; }

    public float[] Pixels { get; }

    /// <summary>Area-averaged resize of an 8-bit grey image (row-major) to a square of <paramref name="size"/>.</summary>
    public static GrayPlane FromGray8(ReadOnlySpan<byte> gray, int width, int height, int size)
    {
        var result = new float[size * size];
        var sums = new double[size * size];
        var weights = new double[size * size];
        // Each source pixel adds to the target cell its centre falls in: exact area averaging when shrinking.
        for (var y = 0; y < height; y++)
        {
            var ty = Math.Min(size - 1, (int)((y + 0.5) * size / height));
            var row = gray.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var tx = Math.Min(size - 1, (int)((x + 0.5) * size / width));
                sums[(ty * size) + tx] += row[x];
                weights[(ty * size) + tx] += 1;
            }
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] = weights[i] > 0 ? (float)(sums[i] / weights[i]) : 0f;
        }

        return new GrayPlane(size, result);
    }

    /// <summary>Histogram equalisation: removes the brightness, contrast and gamma changes of augmentation.</summary>
    public GrayPlane Equalized()
    {
        var order = Enumerable.Range(0, Pixels.Length).OrderBy(i => Pixels[i]).ToArray();
        var result = new float[Pixels.Length];
        var i = 0;
        while (i < order.Length)
        {
            // Ties share the mean rank, so flat regions stay flat.
            var j = i;
            while (j + 1 < order.Length && Pixels[order[j + 1]] == Pixels[order[i]])
            {
                j++;
            }

            var rank = (float)((i + j) / 2.0 / Math.Max(1, order.Length - 1) * 255.0);
            for (var k = i; k <= j; k++)
            {
                result[order[k]] = rank;
            }

            i = j + 1;
        }

        return new GrayPlane(Size, result);
    }

    /// <summary>
    /// Samples a <paramref name="outSize"/> square from the centre: rotated by <paramref name="degrees"/>, covering
    /// <paramref name="cropFraction"/> of the side divided by <paramref name="zoom"/>; bilinear; outside reads as 0.
    /// </summary>
    public GrayPlane Sample(int outSize, double degrees, double zoom, double cropFraction)
    {
        var result = new float[outSize * outSize];
        var radians = degrees * Math.PI / 180;
        var cos = Math.Cos(radians);
        var sin = Math.Sin(radians);
        var centre = Size / 2.0;
        var step = Size * cropFraction / zoom / outSize;
        for (var oy = 0; oy < outSize; oy++)
        {
            var dy = (oy + 0.5 - (outSize / 2.0)) * step;
            for (var ox = 0; ox < outSize; ox++)
            {
                var dx = (ox + 0.5 - (outSize / 2.0)) * step;
                var sx = centre + (cos * dx) - (sin * dy) - 0.5;
                var sy = centre + (sin * dx) + (cos * dy) - 0.5;
                result[(oy * outSize) + ox] = Bilinear(sx, sy);
            }
        }

        return new GrayPlane(outSize, result);
    }

    private float Bilinear(double x, double y)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var top = (At(x0, y0) * (1 - fx)) + (At(x0 + 1, y0) * fx);
        var bottom = (At(x0, y0 + 1) * (1 - fx)) + (At(x0 + 1, y0 + 1) * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    private float At(int x, int y) =>
        x < 0 || y < 0 || x >= Size || y >= Size ? 0f : Pixels[(y * Size) + x];
}
