using Fracture.Core.Geometry;

namespace Fracture.Core.Augmentation;

/// <summary>Polygon clipping and measures used to keep augmented labels inside their image.</summary>
public static class PolygonClipper
{
    /// <summary>
    /// Sutherland–Hodgman clip of <paramref name="polygon"/> to the rectangle [0, width] x [0, height]: the part
    /// inside, edges along the border where the polygon left the image. Exact for convex polygons; a concave polygon
    /// split into pieces by the border comes back as one outline joined by zero-width edges on the border, which
    /// encloses the same area. Empty when nothing is inside.
    /// </summary>
    public static IReadOnlyList<PixelPoint> ClipToRectangle(IReadOnlyList<PixelPoint> polygon, double width, double height) =>
        ClipToRectangle(polygon, new PixelBox(0, 0, width, height));

    /// <summary>
    /// As <see cref="ClipToRectangle(IReadOnlyList{PixelPoint}, double, double)"/> for the rectangle
    /// [X1, X2] x [Y1, Y2] of <paramref name="bounds"/>, which need not start at the origin (a mosaic tile's region).
    /// </summary>
    public static IReadOnlyList<PixelPoint> ClipToRectangle(IReadOnlyList<PixelPoint> polygon, PixelBox bounds)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        var current = new List<PixelPoint>(polygon);
        var next = new List<PixelPoint>(polygon.Count + 4);

        // One pass per border, ping-ponging between the two lists.
        ClipAgainst(current, next, vertical: true, bound: bounds.X1, keepAbove: true);
        ClipAgainst(next, current, vertical: true, bound: bounds.X2, keepAbove: false);
        ClipAgainst(current, next, vertical: false, bound: bounds.Y1, keepAbove: true);
        ClipAgainst(next, current, vertical: false, bound: bounds.Y2, keepAbove: false);
        return current.Count >= 3 ? current : [];
    }

    /// <summary>Absolute area enclosed (shoelace formula); 0 for fewer than three points.</summary>
    public static double Area(IReadOnlyList<PixelPoint> polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        var sum = 0.0;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            sum += (polygon[j].X * polygon[i].Y) - (polygon[i].X * polygon[j].Y);
        }

        return polygon.Count < 3 ? 0 : Math.Abs(sum) / 2;
    }

    /// <summary>The smallest axis-aligned box holding every point; empty (all zero) for no points.</summary>
    public static PixelBox Extent(IReadOnlyList<PixelPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return default;
        }

        double x1 = double.MaxValue, y1 = double.MaxValue, x2 = double.MinValue, y2 = double.MinValue;
        foreach (var p in points)
        {
            x1 = Math.Min(x1, p.X);
            y1 = Math.Min(y1, p.Y);
            x2 = Math.Max(x2, p.X);
            y2 = Math.Max(y2, p.Y);
        }

        return new PixelBox(x1, y1, x2, y2);
    }

    /// <summary>
    /// Keeps the part of <paramref name="input"/> on one side of the line x = bound (<paramref name="vertical"/>) or
    /// y = bound: coordinates >= bound when <paramref name="keepAbove"/>, else <= bound.
    /// </summary>
    private static void ClipAgainst(List<PixelPoint> input, List<PixelPoint> output, bool vertical, double bound, bool keepAbove)
    {
        output.Clear();
        if (input.Count == 0)
        {
            return;
        }

        var previous = input[^1];
        var previousDistance = Distance(previous, vertical, bound, keepAbove);
        foreach (var point in input)
        {
            var distance = Distance(point, vertical, bound, keepAbove);
            if ((distance >= 0) != (previousDistance >= 0))
            {
                // The edge crosses the border: add the crossing, placed exactly on the border line.
                var t = previousDistance / (previousDistance - distance);
                output.Add(vertical
                    ? new PixelPoint(bound, previous.Y + (t * (point.Y - previous.Y)))
                    : new PixelPoint(previous.X + (t * (point.X - previous.X)), bound));
            }

            if (distance >= 0)
            {
                output.Add(point);
            }

            previous = point;
            previousDistance = distance;
        }
    }

    /// <summary>Signed distance to the border line, >= 0 on the side kept.</summary>
    private static double Distance(PixelPoint p, bool vertical, double bound, bool keepAbove)
    {
        var coordinate = vertical ? p.X : p.Y;
        return keepAbove ? coordinate - bound : bound - coordinate;
    }
}
