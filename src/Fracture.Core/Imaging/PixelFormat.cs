namespace Fracture.Core.Imaging;

/// <summary>Layout of <see cref="DecodedImage.Pixels"/>: 8 bits per channel, interleaved, row-major.</summary>
public enum PixelFormat
{
    /// <summary>One byte per pixel (luminance).</summary>
    Gray8,

    /// <summary>Three bytes per pixel in R, G, B order (not OpenCV's BGR).</summary>
    Rgb24,
}
