using Fracture.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// Converts between boxes and the anchor-free head's regression target: the distances (left, top, right, bottom)
/// from an anchor point to the four sides of a box. Points, distances and boxes share one unit (grid cells or
/// pixels); the caller scales by the stride.
/// </summary>
public static class BoxCoder
{
    /// <summary>
    /// Boxes [..., A, 4] from distances [..., A, 4] (ltrb) around points [A, 2]: xyxy corners, or centre x, centre y,
    /// width, height when <paramref name="xywh"/> (the inference output's layout).
    /// </summary>
    public static Tensor DistanceToBox(Tensor distance, Tensor points, bool xywh)
    {
        using var scope = NewDisposeScope();
        using var two = 2.ToScalar(); // held through the native call (docs/training.md, "Scalars held ...")
        var parts = distance.chunk(2, -1);
        var topLeft = points - parts[0];
        var bottomRight = points.Plus(parts[1]);
        var boxes = xywh
            ? cat([topLeft.Plus(bottomRight) / two, bottomRight - topLeft], -1)
            : cat([topLeft, bottomRight], -1);
        return boxes.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Distances [..., A, 4] (ltrb) from points [A, 2] to xyxy boxes [..., A, 4], clamped to [0, maxDistance - 0.01]
    /// so that a distance-distribution target always has a bin to its right (DFL interpolates between two bins).
    /// </summary>
    public static Tensor BoxToDistance(Tensor points, Tensor boxesXyxy, double maxDistance)
    {
        using var scope = NewDisposeScope();
        using var zero = 0.ToScalar(); // held through the native call (docs/training.md, "Scalars held ...")
        using var highest = (maxDistance - 0.01).ToScalar();
        var corners = boxesXyxy.chunk(2, -1);
        var distance = cat([points - corners[0], corners[1] - points], -1).clamp(zero, highest);
        return distance.MoveToOuterDisposeScope();
    }
}
