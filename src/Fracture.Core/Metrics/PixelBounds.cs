using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>
/// The integer pixel grid [X0, X0 + Width) x [Y0, Y0 + Height) holding every pixel whose centre lies inside a polygon:
/// a centre x + 0.5 in [min, max) puts x in [floor(min), ceil(max)). Integer corners keep the full image's pixel centres.
/// </summary>
internal readonly record struct PixelBounds(int X0, int Y0, int Width, int Height)
{
    /// <summary>Bounds of a polygon's points (finite, checked by the caller).</summary>
    /// <exception cref="ArgumentException">The polygon spans more than int.MaxValue pixels on a side.</exception>
    public static PixelBounds Of(IEnumerable<PixelPoint> points)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        foreach (var p in points)
        {
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }

        if (!double.IsFinite(minX))
        {
            return default;
        }

        var x0 = Math.Floor(minX);
        var y0 = Math.Floor(minY);
        var width = Math.Ceiling(maxX) - x0;
        var height = Math.Ceiling(maxY) - y0;
        if (x0 < int.MinValue || y0 < int.MinValue || x0 + width > int.MaxValue || y0 + height > int.MaxValue)
        {
            throw new ArgumentException($"Polygon spans beyond the pixel range (x {minX}..{maxX}, y {minY}..{maxY}).");
        }

        return new PixelBounds((int)x0, (int)y0, (int)width, (int)height);
    }

    /// <summary>The pixels both bounds hold; empty (zero size) when they do not overlap.</summary>
    public PixelBounds Intersect(PixelBounds other)
    {
        var x0 = Math.Max(X0, other.X0);
        var y0 = Math.Max(Y0, other.Y0);
        var x1 = Math.Min((long)X0 + Width, (long)other.X0 + other.Width);
        var y1 = Math.Min((long)Y0 + Height, (long)other.Y0 + other.Height);
        return x1 <= x0 || y1 <= y0 ? new PixelBounds(x0, y0, 0, 0) : new PixelBounds(x0, y0, (int)(x1 - x0), (int)(y1 - y0));
    }
}
