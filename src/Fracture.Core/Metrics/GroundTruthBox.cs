using Fracture.Core.Augmentation;
using Fracture.Core.Datasets;
using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>
/// One labelled object of an image: its class, its box in pixels and, for a polygon label, its polygon in pixels
/// (null for a box label), which mask scoring compares outlines with.
/// </summary>
public sealed record GroundTruthBox(int ClassId, PixelBox Box, IReadOnlyList<PixelPoint>? Polygon = null)
{
    /// <summary>A label in pixels of an image of the given size, by the same conversion augmentation uses.</summary>
    public static GroundTruthBox FromLabel(LabelInstance label, int imageWidth, int imageHeight)
    {
        var pixels = PixelInstance.FromLabel(label, imageWidth, imageHeight);
        return new GroundTruthBox(pixels.ClassId, pixels.Box, pixels.Polygon);
    }

    /// <summary>The object's outline: its polygon, or its box's corners when it has none (as the trainer's mask targets).</summary>
    public IReadOnlyList<PixelPoint> Outline => Polygon is { Count: >= 3 } polygon ? polygon : Box.Corners();
}
