using Fracture.Core.Datasets.Similarity;
using Fracture.Core.Imaging;

namespace Fracture.Core.Datasets.Checking;

/// <summary>Decodes one image for checking: its size, whether it is whole, and its content fingerprint.</summary>
internal sealed record ImageProbe(int Width, int Height, ImageProblem? Corrupt, ImageProblem? Truncated, ContentFingerprint? Fingerprint)
{
    public static ImageProbe Run(string path, int maxSide, bool fingerprint)
    {
        try
        {
            // Tolerant decode: a truncated JPEG still yields its top rows, for its size and fingerprint; training and val
            // leave such a file out (it is reported as truncated and counted apart from the negatives).
            var image = ImageDecoder.Decode(path, new DecodeOptions(PixelFormat.Gray8, MaxSide: maxSide, AllowTruncated: true));
            var truncated = image.Truncated
                ? new ImageProblem(Path.GetFileName(path), nameof(ImageDecodeError.Truncated), "image data ends early; decoded in part")
                : null;
            var print = fingerprint ? ContentFingerprint.FromGray8(image.Pixels, image.Width, image.Height) : null;
            return new ImageProbe(image.SourceWidth, image.SourceHeight, null, truncated, print);
        }
        catch (ImageDecodeException ex)
        {
            // The decoder's message starts with the file name, which the report prints before it already.
            var prefix = Path.GetFileName(path) + ": ";
            var message = ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message[prefix.Length..] : ex.Message;
            return new ImageProbe(0, 0, new ImageProblem(Path.GetFileName(path), ex.Error.ToString(), message), null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A dangling link, a file the user may not read, an I/O error: a problem of this file, not of the check.
            return new ImageProbe(0, 0, new ImageProblem(Path.GetFileName(path), "Unreadable", $"cannot be read: {ex.Message}"), null, null);
        }
    }
}
