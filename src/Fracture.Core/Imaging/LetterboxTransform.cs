using Fracture.Core.Geometry;

namespace Fracture.Core.Imaging;

/// <summary>
/// Coordinate mapping of <see cref="Letterbox.Apply"/>: target = source * Scale + (PadX, PadY). As in Ultralytics'
/// scale_boxes, Scale is the ratio r itself, not the rounded content size divided by the source size.
/// </summary>
/// <param name="PadX">Left padding in target pixels.</param>
/// <param name="PadY">Top padding in target pixels.</param>
public sealed record LetterboxTransform(
    double Scale,
    double PadX,
    double PadY,
    int SourceWidth,
    int SourceHeight,
    int TargetWidth,
    int TargetHeight) : IImageTransform
{
    public PixelPoint ToTarget(PixelPoint point) => new((point.X * Scale) + PadX, (point.Y * Scale) + PadY);

    public PixelPoint ToSource(PixelPoint point) => new((point.X - PadX) / Scale, (point.Y - PadY) / Scale);

    public PixelBox ToTarget(PixelBox box)
    {
        var (a, b) = (ToTarget(new PixelPoint(box.X1, box.Y1)), ToTarget(new PixelPoint(box.X2, box.Y2)));
        return new PixelBox(a.X, a.Y, b.X, b.Y);
    }

    public PixelBox ToSource(PixelBox box)
    {
        var (a, b) = (ToSource(new PixelPoint(box.X1, box.Y1)), ToSource(new PixelPoint(box.X2, box.Y2)));
        return new PixelBox(
            Math.Clamp(a.X, 0, SourceWidth),
            Math.Clamp(a.Y, 0, SourceHeight),
            Math.Clamp(b.X, 0, SourceWidth),
            Math.Clamp(b.Y, 0, SourceHeight));
    }
}
