using Fracture.Core.Geometry;

namespace Fracture.Core.Augmentation;

/// <summary>
/// Moves labels with an image warped by <see cref="ImageWarp"/> and keeps only those still usefully visible.
/// Polygons are transformed vertex by vertex, clipped to the output rectangle (Sutherland–Hodgman) and boxed by the
/// clipped outline. Box-only labels become the extent of their four transformed corners, clipped to the image
/// (the usual, slightly loose, box under rotation).
/// </summary>
public static class InstanceWarp
{
    /// <summary>Smallest clipped width and height, in output pixels, of a label that is kept.</summary>
    public const double MinSide = 2;

    /// <summary>Smallest fraction of its transformed area that must remain inside the image for a label to be kept.</summary>
    public const double MinAreaRatio = 0.2;

    /// <summary>The labels that survive, in their input order (see <see cref="Apply(PixelInstance, AffineTransform, int, int)"/>).</summary>
    public static IReadOnlyList<PixelInstance> Apply(IReadOnlyList<PixelInstance> instances, AffineTransform transform, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var kept = new List<PixelInstance>(instances.Count);
        foreach (var instance in instances)
        {
            if (Apply(instance, transform, width, height) is { } moved)
            {
                kept.Add(moved);
            }
        }

        return kept;
    }

    /// <summary>
    /// The label in a width x height output, or null when it is dropped. Candidate rule (as Ultralytics'
    /// box_candidates, without its aspect-ratio test): keep when the clipped box is at least <see cref="MinSide"/>
    /// pixels wide and high AND the clipped area (polygon area for polygons, box area for boxes) is at least
    /// <see cref="MinAreaRatio"/> of the area after transforming but before clipping, so zoom does not count as loss.
    /// A polygon of fewer than three points is treated as a box label and comes back without one.
    /// </summary>
    public static PixelInstance? Apply(PixelInstance instance, AffineTransform transform, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return Apply(instance, transform, new PixelBox(0, 0, width, height));
    }

    /// <summary>
    /// As <see cref="Apply(PixelInstance, AffineTransform, int, int)"/>, keeping the label to the rectangle
    /// <paramref name="bounds"/> instead of a whole image: <see cref="Mosaic"/> keeps each tile's labels to the part of
    /// the tile that was placed. <paramref name="bounds"/> must not be inverted (X1 &lt;= X2, Y1 &lt;= Y2).
    /// </summary>
    internal static PixelInstance? Apply(PixelInstance instance, AffineTransform transform, PixelBox bounds)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Polygon is { Count: >= 3 } polygon)
        {
            var moved = new PixelPoint[polygon.Count];
            for (var i = 0; i < moved.Length; i++)
            {
                moved[i] = transform.Apply(polygon[i]);
            }

            var clipped = PolygonClipper.ClipToRectangle(moved, bounds);
            var box = PolygonClipper.Extent(clipped);
            return IsCandidate(box, PolygonClipper.Area(clipped), PolygonClipper.Area(moved))
                ? new PixelInstance(instance.ClassId, box, clipped)
                : null;
        }

        var extent = transform.Apply(instance.Box);
        var inside = new PixelBox(
            Math.Clamp(extent.X1, bounds.X1, bounds.X2),
            Math.Clamp(extent.Y1, bounds.Y1, bounds.Y2),
            Math.Clamp(extent.X2, bounds.X1, bounds.X2),
            Math.Clamp(extent.Y2, bounds.Y1, bounds.Y2));
        return IsCandidate(inside, inside.Area, extent.Area) ? new PixelInstance(instance.ClassId, inside, null) : null;
    }

    private static bool IsCandidate(PixelBox clippedBox, double clippedArea, double areaBeforeClipping) =>
        clippedBox.Width >= MinSide && clippedBox.Height >= MinSide && clippedArea >= MinAreaRatio * areaBeforeClipping;
}
