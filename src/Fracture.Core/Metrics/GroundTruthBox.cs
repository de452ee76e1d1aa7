using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>
/// One labelled object of an image: its class, its box in pixels and, for a polygon label, its polygon in pixels
/// (null for a box label), which mask scoring compares outlines with.
/// </summary>
public sealed record GroundTruthBox(int ClassId, PixelBox Box, IReadOnlyList<PixelPoint>? Polygon = null)
{
    /// <summary>The object's outline: its polygon, or its box's corners when it has none (as the trainer's mask targets).</summary>
    public IReadOnlyList<PixelPoint> Outline => Polygon is { Count: >= 3 } polygon ? polygon : Box.Corners();
}
