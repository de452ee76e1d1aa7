namespace Fracture.Core.Geometry;

/// <summary>
/// Outline of a binary mask as a polygon on pixel corners: pixel (x, y) is the square [x, x + 1) x [y, y + 1), so the
/// outline of a component without holes encloses exactly its pixels (its area is their count, and
/// <see cref="Metrics.PolygonRasterizer"/> gives them back). Components are 8-connected: pixels touching only at a
/// corner belong together and the outline passes through that corner twice.
/// </summary>
public static class MaskContour
{
    // Clockwise in image coordinates (y down): east, south, west, north.
    private static readonly (int X, int Y)[] Steps = [(1, 0), (0, 1), (-1, 0), (0, -1)];

    /// <summary>
    /// The outer boundary of the largest 8-connected component (most pixels; the first in row-major order on a tie),
    /// holes ignored: clockwise on screen, starting at the top-left corner of the component's first pixel in
    /// row-major order, one vertex where the boundary turns. Empty when no pixel is on.
    /// </summary>
    /// <param name="mask">Row-major, <paramref name="width"/> x <paramref name="height"/>, true where on.</param>
    public static PixelPoint[] LargestOuterContour(ReadOnlySpan<bool> mask, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (mask.Length != (long)width * height)
        {
            throw new ArgumentException($"a {width}x{height} mask has {(long)width * height} pixels, got {mask.Length}", nameof(mask));
        }

        var labels = new int[mask.Length];
        var (label, seed) = LabelLargest(mask, width, height, labels);
        return label == 0 ? [] : Trace(labels, label, width, height, seed % width, seed / width);
    }

    /// <summary>Labels 8-connected components 1, 2, ...; returns the largest one's label and first pixel (label 0: none).</summary>
    private static (int Label, int Seed) LabelLargest(ReadOnlySpan<bool> mask, int width, int height, int[] labels)
    {
        var (best, bestSize, bestSeed, next) = (0, 0, -1, 0);
        var stack = new Stack<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || labels[start] != 0)
            {
                continue;
            }

            labels[start] = ++next;
            stack.Push(start);
            var size = 0;
            while (stack.TryPop(out var i))
            {
                size++;
                var (x, y) = (i % width, i / width);
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(height - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
                    {
                        var n = (ny * width) + nx;
                        if (mask[n] && labels[n] == 0)
                        {
                            labels[n] = next;
                            stack.Push(n);
                        }
                    }
                }
            }

            if (size > bestSize)
            {
                (best, bestSize, bestSeed) = (next, size, start);
            }
        }

        return (best, bestSeed);
    }

    /// <summary>
    /// Walks the pixel edges with the component on the right. At each corner, of the two pixels ahead the left one
    /// (if on) is turned towards first, which keeps diagonal neighbours inside; then straight on; else right.
    /// </summary>
    private static PixelPoint[] Trace(int[] labels, int label, int width, int height, int startX, int startY)
    {
        bool On(int x, int y) => x >= 0 && y >= 0 && x < width && y < height && labels[(y * width) + x] == label;

        // The first pixel in row-major order has nothing of its component above or to its left, so the walk leaves
        // its top-left corner eastwards and can only come back to it from the south.
        var points = new List<PixelPoint> { new(startX, startY) };
        var (x, y, direction) = (startX, startY, 0);
        while (true)
        {
            x += Steps[direction].X;
            y += Steps[direction].Y;
            if (x == startX && y == startY)
            {
                return [.. points];
            }

            var (aheadLeft, aheadRight) = direction switch
            {
                0 => (On(x, y - 1), On(x, y)),
                1 => (On(x, y), On(x - 1, y)),
                2 => (On(x - 1, y), On(x - 1, y - 1)),
                _ => (On(x - 1, y - 1), On(x, y - 1)),
            };
            var turned = aheadLeft ? (direction + 3) % 4 : aheadRight ? direction : (direction + 1) % 4;
            if (turned != direction)
            {
                points.Add(new PixelPoint(x, y));
                direction = turned;
            }
        }
    }
}
