namespace Fracture.Core.Imaging;

/// <summary>How formats are spelled in messages ("JPEG", not the enum's "Jpeg").</summary>
internal static class FormatNames
{
    public static string Display(ImageFileFormat format) => format switch
    {
        ImageFileFormat.Jpeg => "JPEG",
        ImageFileFormat.Png => "PNG",
        ImageFileFormat.Bmp => "BMP",
        ImageFileFormat.Webp => "WebP",
        ImageFileFormat.Tiff => "TIFF",
        _ => format.ToString(),
    };
}
