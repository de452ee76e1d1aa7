namespace Fracture.Core.Imaging;

/// <summary>
/// What the header of an image file says, read without decoding or allocating pixels.
/// </summary>
/// <param name="Width">Width as displayed, i.e. after <paramref name="Orientation"/> is applied (what a full-size decode returns).</param>
/// <param name="Height">Height as displayed, after <paramref name="Orientation"/>.</param>
/// <param name="Format">Container format, from the magic bytes.</param>
/// <param name="BitsPerChannel">16 for 16-bit PNGs and TIFFs, otherwise 8 (formats with fewer bits decode to 8).</param>
/// <param name="IsGrayscale">True when the file stores a single grey channel (grey PNG or TIFF, one-component JPEG);
/// grey content stored as RGB reports false.</param>
/// <param name="Orientation">EXIF orientation (TIFF: its Orientation tag, same values); <see cref="ExifOrientation.TopLeft"/> when absent.</param>
public sealed record ImageInfo(
    int Width,
    int Height,
    ImageFileFormat Format,
    int BitsPerChannel,
    bool IsGrayscale,
    ExifOrientation Orientation)
{
    /// <summary>True when the stored image is rotated a quarter turn, so stored width and height are swapped.</summary>
    public bool SwapsAxes => Orientation >= ExifOrientation.LeftTop;

    public long PixelCount => (long)Width * Height;
}
