namespace Fracture.Core.Imaging;

/// <summary>Container formats the decoder accepts, identified from the file's magic bytes, never its extension.</summary>
public enum ImageFileFormat
{
    Jpeg,
    Png,
    Bmp,
    Webp,
    Tiff,
}
