namespace Fracture.Core.Imaging;

/// <summary>An image could not be read. The message starts with the file name (or "image data") and says why.</summary>
public sealed class ImageDecodeException : FractureException
{
    public ImageDecodeException()
        : this(ImageDecodeError.Corrupt, "image could not be decoded")
    {
    }

    public ImageDecodeException(string message)
        : this(ImageDecodeError.Corrupt, message)
    {
    }

    public ImageDecodeException(string message, Exception innerException)
        : this(ImageDecodeError.Corrupt, message, null, innerException)
    {
    }

    public ImageDecodeException(ImageDecodeError error, string message, string? path = null, Exception? innerException = null)
        : base(message, innerException!)
    {
        Error = error;
        Path = path;
    }

    public ImageDecodeError Error { get; }

    /// <summary>The file being read, or null when decoding from memory.</summary>
    public string? Path { get; }

    /// <summary>Builds an exception whose message is "name: detail".</summary>
    internal static ImageDecodeException For(ImageDecodeError error, string? path, string detail, Exception? inner = null) =>
        new(error, $"{Label(path)}: {detail}", path, inner);

    internal static string Label(string? path) => path is null ? "image data" : System.IO.Path.GetFileName(path);
}
