namespace Fracture.Core.Geometry;

/// <summary>Douglas-Peucker simplification of closed polygons (mask outlines to a few vertices).</summary>
public static class PolygonSimplifier
{
    /// <summary>
    /// Drops vertices while every dropped one stays within <paramref name="tolerance"/> of the simplified outline.
    /// The ring is cut at its first vertex and the vertex farthest from it, each half simplified on its own, so both
    /// stay. A ring that would collapse below three vertices (a one-pixel-wide sliver) is returned unchanged.
    /// </summary>
    /// <param name="ring">Vertices in order, the last joined back to the first (not repeated).</param>
    public static PixelPoint[] Simplify(IReadOnlyList<PixelPoint> ring, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (!(tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be zero or more");
        }

        var n = ring.Count;
        if (n < 4)
        {
            return [.. ring];
        }

        var far = 0;
        for (var i = 1; i < n; i++)
        {
            if (Distance(ring[0], ring[i]) > Distance(ring[0], ring[far]))
            {
                far = i;
            }
        }

        var keep = new bool[n + 1];
        keep[0] = keep[far] = keep[n] = true;
        Mark(ring, 0, far, tolerance, keep);
        Mark(ring, far, n, tolerance, keep);
        var result = new List<PixelPoint>();
        for (var i = 0; i < n; i++)
        {
            if (keep[i])
            {
                result.Add(ring[i]);
            }
        }

        return result.Count >= 3 ? [.. result] : [.. ring];
    }

    /// <summary>Marks the vertices kept between <paramref name="first"/> and <paramref name="last"/> (index n is vertex 0 again).</summary>
    private static void Mark(IReadOnlyList<PixelPoint> ring, int first, int last, double tolerance, bool[] keep)
    {
        var pending = new Stack<(int First, int Last)>();
        pending.Push((first, last));
        while (pending.TryPop(out var span))
        {
            var (a, b) = (ring[span.First % ring.Count], ring[span.Last % ring.Count]);
            var (worst, worstDistance) = (-1, tolerance);
            for (var i = span.First + 1; i < span.Last; i++)
            {
                var d = SegmentDistance(ring[i], a, b);
                if (d > worstDistance)
                {
                    (worst, worstDistance) = (i, d);
                }
            }

            if (worst >= 0)
            {
                keep[worst] = true;
                pending.Push((span.First, worst));
                pending.Push((worst, span.Last));
            }
        }
    }

    private static double Distance(PixelPoint a, PixelPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    private static double SegmentDistance(PixelPoint p, PixelPoint a, PixelPoint b)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var lengthSquared = (dx * dx) + (dy * dy);
        var t = lengthSquared == 0 ? 0 : Math.Clamp((((p.X - a.X) * dx) + ((p.Y - a.Y) * dy)) / lengthSquared, 0, 1);
        return Distance(p, new PixelPoint(a.X + (t * dx), a.Y + (t * dy)));
    }
}
