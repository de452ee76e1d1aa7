using Fracture.Core.Geometry;

namespace Fracture.Core.Imaging;

/// <summary>
/// Coordinate mapping of a plain (aspect-changing) resize: separate X and Y scales, no padding.
/// </summary>
public sealed record ResizeTransform(int SourceWidth, int SourceHeight, int TargetWidth, int TargetHeight) : IImageTransform
{
    public double ScaleX => (double)TargetWidth / SourceWidth;

    public double ScaleY => (double)TargetHeight / SourceHeight;

    /// <summary>
    /// From the file's pixels to those of an image straight from <see cref="ImageDecoder"/> (differs from identity when
    /// decoded with <see cref="DecodeOptions.MaxSide"/>); use <see cref="ToSource(PixelBox)"/> to report in file pixels.
    /// </summary>
    public static ResizeTransform ForDecoded(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new(image.SourceWidth, image.SourceHeight, image.Width, image.Height);
    }

    public PixelPoint ToTarget(PixelPoint point) => new(point.X * ScaleX, point.Y * ScaleY);

    public PixelPoint ToSource(PixelPoint point) => new(point.X / ScaleX, point.Y / ScaleY);

    public PixelBox ToTarget(PixelBox box) => new(box.X1 * ScaleX, box.Y1 * ScaleY, box.X2 * ScaleX, box.Y2 * ScaleY);

    public PixelBox ToSource(PixelBox box) => new(
        Math.Clamp(box.X1 / ScaleX, 0, SourceWidth),
        Math.Clamp(box.Y1 / ScaleY, 0, SourceHeight),
        Math.Clamp(box.X2 / ScaleX, 0, SourceWidth),
        Math.Clamp(box.Y2 / ScaleY, 0, SourceHeight));
}
