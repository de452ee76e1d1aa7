using Fracture.Core.Geometry;
using Fracture.Core.Imaging;

namespace Fracture.Inference;

/// <summary>
/// How one image reached the model input, for mapping back: the letterbox (null for a centre crop, whose outputs have
/// no coordinates) and the size of the image's file, which differs from the decoded image's when it was decoded smaller.
/// </summary>
internal sealed record InputGeometry(LetterboxTransform? Letterbox, int FileWidth, int FileHeight)
{
    private LetterboxTransform Transform => Letterbox ?? throw new InvalidOperationException("a centre-cropped input has no coordinate mapping");

    private double ToFileX => (double)FileWidth / Transform.SourceWidth;

    private double ToFileY => (double)FileHeight / Transform.SourceHeight;

    /// <summary>A box in model-input pixels as pixels of the file, clipped to it.</summary>
    public PixelBox ToFile(PixelBox inputBox)
    {
        var box = Transform.ToSource(inputBox);
        return new PixelBox(box.X1 * ToFileX, box.Y1 * ToFileY, box.X2 * ToFileX, box.Y2 * ToFileY);
    }

    /// <summary>A point in pixels of the decoded image as pixels of the file.</summary>
    public PixelPoint ToFile(PixelPoint imagePoint) => new(imagePoint.X * ToFileX, imagePoint.Y * ToFileY);
}
