using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>Intersection over union of two polygons, measured in whole pixels.</summary>
public static class PolygonIoU
{
    /// <summary>
    /// Mask IoU of the two polygons rasterized by pixel centres (see <see cref="PolygonRasterizer"/>), as segmentation
    /// masks are scored, rather than exact polygon area. Each polygon's pixels are counted span by span and only the
    /// overlap of their bounds is rasterized, so memory follows the smaller polygon: a predicted outline far larger
    /// than its image cannot make scoring allocate gigabytes. 0 when either polygon has fewer than three points.
    /// </summary>
    public static double Compute(IReadOnlyList<PixelPoint> a, IReadOnlyList<PixelPoint> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 3 || b.Count < 3)
        {
            return 0;
        }

        var countA = PolygonRasterizer.CountPixels(a);
        var countB = PolygonRasterizer.CountPixels(b);
        var overlap = PixelBounds.Of(a).Intersect(PixelBounds.Of(b));
        var inter = overlap.Width == 0 || overlap.Height == 0
            ? 0
            : MaskIoU.Intersection(
                PolygonRasterizer.Rasterize(a, overlap.Width, overlap.Height, overlap.X0, overlap.Y0),
                PolygonRasterizer.Rasterize(b, overlap.Width, overlap.Height, overlap.X0, overlap.Y0));
        var union = countA + countB - inter;
        return union == 0 ? 0 : (double)inter / union;
    }
}
