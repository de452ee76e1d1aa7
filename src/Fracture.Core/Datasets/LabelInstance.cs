using Fracture.Core.Geometry;

namespace Fracture.Core.Datasets;

/// <summary>
/// One labelled object. <see cref="Polygon"/> is null for box rows; for polygon rows the box is the polygon's extent.
/// </summary>
public sealed record LabelInstance(int ClassId, NormalizedBox Box, IReadOnlyList<NormalizedPoint>? Polygon)
{
    /// <summary>Area as a fraction of the image: the polygon's own area when there is one, else the box's.</summary>
    public double Area => Polygon is { Count: >= 3 } p ? PolygonArea(p) : Box.Width * Box.Height;

    public LabelInstance WithClass(int classId) => this with { ClassId = classId };

    private static double PolygonArea(IReadOnlyList<NormalizedPoint> points)
    {
        // Shoelace formula.
        var sum = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var a = points[i];
            var b = points[(i + 1) % points.Count];
            sum += (a.X * b.Y) - (b.X * a.Y);
        }

        return Math.Abs(sum) / 2;
    }
}
