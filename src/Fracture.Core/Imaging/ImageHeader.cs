namespace Fracture.Core.Imaging;

/// <summary>What <see cref="ImageHeaderReader"/> parsed: the stored (not yet oriented) size and sample layout.</summary>
/// <param name="PngColorType">PNG colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA); -1 for other formats.</param>
/// <param name="Orientation">The orientation when the header holds it (TIFF's Orientation tag); null where Skia reads it (EXIF).</param>
internal readonly record struct ImageHeader(
    ImageFileFormat Format,
    int Width,
    int Height,
    int BitsPerChannel,
    bool IsGrayscale,
    bool Interlaced = false,
    int PngColorType = -1,
    ExifOrientation? Orientation = null)
{
    public long PixelCount => (long)Width * Height;
}
