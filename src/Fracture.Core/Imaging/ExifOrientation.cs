namespace Fracture.Core.Imaging;

/// <summary>
/// EXIF orientation tag (values 1-8 as in the EXIF spec and Skia's SKEncodedOrigin). Each name says where the stored
/// first row and first column end up when displayed; the comment says what the decoder does to show it upright.
/// </summary>
public enum ExifOrientation
{
    /// <summary>Stored upright; nothing to do.</summary>
    TopLeft = 1,

    /// <summary>Mirror left-right.</summary>
    TopRight = 2,

    /// <summary>Rotate 180 degrees.</summary>
    BottomRight = 3,

    /// <summary>Mirror top-bottom.</summary>
    BottomLeft = 4,

    /// <summary>Transpose (mirror about the main diagonal); width and height swap.</summary>
    LeftTop = 5,

    /// <summary>Rotate 90 degrees clockwise; width and height swap. Typical for phone photos taken upright.</summary>
    RightTop = 6,

    /// <summary>Transverse (mirror about the anti-diagonal); width and height swap.</summary>
    RightBottom = 7,

    /// <summary>Rotate 90 degrees counter-clockwise; width and height swap.</summary>
    LeftBottom = 8,
}
