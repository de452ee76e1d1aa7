namespace Fracture.Server.Inputs;

/// <summary>How an <see cref="UploadFormat"/> is spelled in JSON, in the database and in stored file names.</summary>
public static class UploadFormats
{
    /// <summary>"jpeg", "png", "tiff" or "dicom".</summary>
    public static string Name(UploadFormat format) => format switch
    {
        UploadFormat.Jpeg => "jpeg",
        UploadFormat.Png => "png",
        UploadFormat.Tiff => "tiff",
        UploadFormat.Dicom => "dicom",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown upload format"),
    };

    /// <summary>The format named <paramref name="name"/> (see <see cref="Name"/>), or null.</summary>
    public static UploadFormat? Parse(string? name) => name switch
    {
        "jpeg" => UploadFormat.Jpeg,
        "png" => UploadFormat.Png,
        "tiff" => UploadFormat.Tiff,
        "dicom" => UploadFormat.Dicom,
        _ => null,
    };

    /// <summary>File extension of a stored image: "jpg", "png", "tif" or "dcm".</summary>
    public static string Extension(UploadFormat format) => format switch
    {
        UploadFormat.Jpeg => "jpg",
        UploadFormat.Png => "png",
        UploadFormat.Tiff => "tif",
        UploadFormat.Dicom => "dcm",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown upload format"),
    };
}
