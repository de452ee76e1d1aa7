using Fracture.Core.Geometry;

namespace Fracture.Core.Imaging;

/// <summary>
/// Maps coordinates between a source image and a resized or letterboxed target. Coordinates are continuous pixel
/// coordinates (0 at the left edge, Width at the right edge), the convention of <see cref="PixelBox"/>.
/// </summary>
public interface IImageTransform
{
    int SourceWidth { get; }

    int SourceHeight { get; }

    int TargetWidth { get; }

    int TargetHeight { get; }

    PixelPoint ToTarget(PixelPoint point);

    PixelPoint ToSource(PixelPoint point);

    /// <summary>The box in target coordinates; not clipped.</summary>
    PixelBox ToTarget(PixelBox box);

    /// <summary>The box in source coordinates, clipped to the source image (so padding never leaks into results).</summary>
    PixelBox ToSource(PixelBox box);
}
