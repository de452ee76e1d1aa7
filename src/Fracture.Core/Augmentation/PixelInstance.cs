using Fracture.Core.Datasets;
using Fracture.Core.Geometry;

namespace Fracture.Core.Augmentation;

/// <summary>
/// A labelled object in pixels of one image, the form augmentation moves geometry in. As in <see cref="LabelInstance"/>,
/// <see cref="Polygon"/> is null for box labels, and for polygon labels the box is the polygon's extent.
/// </summary>
public sealed record PixelInstance(int ClassId, PixelBox Box, IReadOnlyList<PixelPoint>? Polygon)
{
    public static PixelInstance FromLabel(LabelInstance label, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        var polygon = label.Polygon?.Select(p => p.ToPixels(imageWidth, imageHeight)).ToArray();
        return new PixelInstance(label.ClassId, label.Box.ToPixels(imageWidth, imageHeight), polygon);
    }

    public static IReadOnlyList<PixelInstance> FromLabels(IEnumerable<LabelInstance> labels, int imageWidth, int imageHeight)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Select(l => FromLabel(l, imageWidth, imageHeight)).ToArray();
    }

    /// <summary>Back to fractions of an image of the given size (no clipping: augmented instances are already inside).</summary>
    public LabelInstance ToLabel(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        var polygon = Polygon?.Select(p => new NormalizedPoint(p.X / imageWidth, p.Y / imageHeight)).ToArray();
        return new LabelInstance(ClassId, Box.ToNormalized(imageWidth, imageHeight), polygon);
    }
}
