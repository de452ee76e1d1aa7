using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>Intersection over union of two polygons, measured in whole pixels.</summary>
public static class PolygonIoU
{
    /// <summary>
    /// Rasterizes both polygons (see <see cref="PolygonRasterizer"/>) on the integer grid covering their
    /// union bounding box and returns the mask IoU. Pixel counting matches how segmentation masks are
    /// scored, rather than exact polygon area. 0 when either polygon has fewer than three points.
    /// </summary>
    public static double Compute(IReadOnlyList<PixelPoint> a, IReadOnlyList<PixelPoint> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 3 || b.Count < 3)
        {
            return 0;
        }

        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        foreach (var p in a.Concat(b))
        {
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }

        if (!double.IsFinite(minX) || !double.IsFinite(minY) || !double.IsFinite(maxX) || !double.IsFinite(maxY))
        {
            throw new ArgumentException("Polygon points must be finite.");
        }

        // Integer origin keeps pixel centres at the same place as in the full image.
        var originX = (int)Math.Floor(minX);
        var originY = (int)Math.Floor(minY);
        var width = (int)Math.Ceiling(maxX) - originX;
        var height = (int)Math.Ceiling(maxY) - originY;
        var maskA = PolygonRasterizer.Rasterize(a, width, height, originX, originY);
        var maskB = PolygonRasterizer.Rasterize(b, width, height, originX, originY);
        return MaskIoU.Compute(maskA, maskB);
    }
}
