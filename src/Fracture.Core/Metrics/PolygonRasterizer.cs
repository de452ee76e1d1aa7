using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>
/// Scanline fill of a simple polygon given in pixel coordinates. Pixel (x, y) is on when its centre
/// (x + 0.5, y + 0.5) is inside by the even-odd rule. A centre exactly on an edge is inside on the
/// left/top edges and outside on the right/bottom ones, so polygons sharing an edge never share pixels
/// and an axis-aligned square on integer corners covers exactly its area in pixels.
/// </summary>
public static class PolygonRasterizer
{
    /// <summary>Rasterizes <paramref name="polygon"/> into a width x height mask; parts outside are clipped.</summary>
    public static BinaryMask Rasterize(IReadOnlyList<PixelPoint> polygon, int width, int height) =>
        Rasterize(polygon, width, height, 0, 0);

    /// <summary>
    /// Rasterizes into a grid whose pixel (0, 0) is image pixel (<paramref name="originX"/>, <paramref name="originY"/>).
    /// Integer origins keep pixel centres where they are in the full image, so results agree with it.
    /// </summary>
    internal static BinaryMask Rasterize(IReadOnlyList<PixelPoint> polygon, int width, int height, int originX, int originY)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        RequireFinite(polygon);
        var words = new ulong[BinaryMask.WordCount(width, height)];
        ForEachSpan(polygon, originX, originY, width, height, (y, x0, x1) =>
        {
            var row = (long)y * width;
            for (var x = x0; x < x1; x++)
            {
                var bit = row + x;
                words[bit >> 6] |= 1UL << (int)(bit & 63);
            }
        });
        return new BinaryMask(width, height, words);
    }

    /// <summary>
    /// The number of pixels <see cref="Rasterize(IReadOnlyList{PixelPoint}, int, int)"/> would turn on on an unbounded
    /// grid, counted span by span without a mask, so a polygon far larger than any image costs time per row, not memory.
    /// </summary>
    public static long CountPixels(IReadOnlyList<PixelPoint> polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        RequireFinite(polygon);
        if (polygon.Count < 3)
        {
            return 0;
        }

        var bounds = PixelBounds.Of(polygon);
        long count = 0;
        ForEachSpan(polygon, bounds.X0, bounds.Y0, bounds.Width, bounds.Height, (_, x0, x1) => count += x1 - x0);
        return count;
    }

    private static void RequireFinite(IReadOnlyList<PixelPoint> polygon)
    {
        foreach (var p in polygon)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
            {
                throw new ArgumentException("Polygon points must be finite.", nameof(polygon));
            }
        }
    }

    /// <summary>Calls <paramref name="span"/>(row, first, end) for each run of pixels inside, in grid coordinates, clipped to the grid.</summary>
    private static void ForEachSpan(IReadOnlyList<PixelPoint> polygon, int originX, int originY, int width, int height, Action<int, int, int> span)
    {
        var n = polygon.Count;
        if (n < 3)
        {
            // Fewer than three points enclose nothing.
            return;
        }

        var crossings = new List<double>(n);
        for (var y = 0; y < height; y++)
        {
            var yc = originY + y + 0.5;
            crossings.Clear();
            for (int i = 0, j = n - 1; i < n; j = i++)
            {
                var a = polygon[j];
                var b = polygon[i];

                // Half-open in y: an edge counts when exactly one end lies above the scanline, so a
                // vertex on the line is counted once and horizontal edges never.
                if ((a.Y > yc) != (b.Y > yc))
                {
                    crossings.Add(a.X + ((yc - a.Y) * (b.X - a.X) / (b.Y - a.Y)));
                }
            }

            crossings.Sort();
            for (var k = 0; k + 1 < crossings.Count; k += 2)
            {
                // Centre cx inside when left <= cx < right, i.e. x in [ceil(left - 0.5), ceil(right - 0.5)).
                var from = Math.Ceiling(crossings[k] - originX - 0.5);
                var to = Math.Ceiling(crossings[k + 1] - originX - 0.5);
                var x0 = (int)Math.Max(0, from);
                var x1 = (int)Math.Min(width, to);
                if (x1 > x0)
                {
                    span(y, x0, x1);
                }
            }
        }
    }
}
