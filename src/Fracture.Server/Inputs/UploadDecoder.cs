using Fracture.Core.Imaging;
using Fracture.Server.Errors;

namespace Fracture.Server.Inputs;

/// <summary>
/// Turns uploaded bytes into pixels: the format is sniffed from the magic bytes (JPEG, PNG, TIFF, DICOM), JPEG, PNG and TIFF
/// decode through Core's <see cref="ImageDecoder"/> (pixel limit checked from the header before any pixel memory is
/// allocated), DICOM through <see cref="IDicomDecoder"/>. Refusals are <see cref="RequestProblemException"/>s:
/// 400 empty, 415 not a JPEG/PNG/TIFF/DICOM, 422 recognised but undecodable, truncated, over the pixel limit or blank
/// (<see cref="BlankImage"/>).
/// </summary>
public sealed class UploadDecoder(IDicomDecoder dicom)
{
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format the bytes start like, or null when they are none of JPEG, PNG, TIFF or DICOM.</summary>
    public UploadFormat? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(JpegSignature))
        {
            return UploadFormat.Jpeg;
        }

        if (data.StartsWith(PngSignature))
        {
            return UploadFormat.Png;
        }

        // DICOM before TIFF: its 128-byte preamble may legally hold a TIFF header (dual-format files), and GDCM, not
        // the TIFF reader, knows its windowing and photometry.
        if (dicom.IsDicom(data))
        {
            return UploadFormat.Dicom;
        }

        // Classic and BigTIFF in either byte order: Core names BigTIFF as unsupported (422), not an unknown type (415).
        return data.Length >= 4 && ((data[0] == 'I' && data[1] == 'I' && data[2] is 42 or 43 && data[3] == 0)
            || (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && data[3] is 42 or 43))
            ? UploadFormat.Tiff
            : null;
    }

    /// <exception cref="RequestProblemException">400, 415 or 422 as described on the class.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while a DICOM decoded.</exception>
    public DecodedUpload Decode(byte[] data, long maxPixels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length == 0)
        {
            throw new RequestProblemException(StatusCodes.Status400BadRequest, "Empty file", "the uploaded file has no bytes");
        }

        var format = Sniff(data) ?? throw new RequestProblemException(
            StatusCodes.Status415UnsupportedMediaType, "Unsupported image type", "the file is not a JPEG, PNG, TIFF or DICOM image (judged from its bytes)");
        return new DecodedUpload(format, Decode(data, format, maxPixels, cancellationToken));
    }

    /// <summary>Decodes bytes whose format is already known (a stored upload).</summary>
    /// <exception cref="RequestProblemException">422 when the bytes cannot be decoded; 503 when this machine cannot decode DICOM at all.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while a DICOM decoded (its worker is stopped).</exception>
    public DecodedImage Decode(byte[] data, UploadFormat format, long maxPixels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            if (format == UploadFormat.Dicom)
            {
                return BlankImage.Require(dicom.Decode(data, maxPixels, cancellationToken));
            }

            // Grey X-rays stay one channel: a third of the memory, and the predictors replicate grey themselves.
            var pixels = ImageDecoder.ReadInfo(data).IsGrayscale ? PixelFormat.Gray8 : PixelFormat.Rgb24;
            return BlankImage.Require(ImageDecoder.Decode(data, new DecodeOptions(pixels, maxPixels, AllowTruncated: false)));
        }
        catch (ImageDecodeException e)
        {
            var title = e.Error switch
            {
                ImageDecodeError.TooLarge => "Image too large",
                ImageDecodeError.Blank => "Blank image",
                _ => "Undecodable image",
            };
            throw new RequestProblemException(StatusCodes.Status422UnprocessableEntity, title, $"{UploadFormats.Name(format)}: {Detail(e.Message)}", e);
        }
        catch (Dicom.DicomUnavailableException e)
        {
            // Not the file's fault: the server lacks GDCM or its worker; the detail says what to install.
            throw new RequestProblemException(StatusCodes.Status503ServiceUnavailable, "DICOM unavailable", e.Message, e);
        }
    }

    // Core's messages start with "image data: "; the client knows which image it sent.
    private static string Detail(string message) =>
        message.StartsWith("image data: ", StringComparison.Ordinal) ? message["image data: ".Length..] : message;
}
