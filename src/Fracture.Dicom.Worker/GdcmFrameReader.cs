using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Reads a DICOM file's first frame with GDCM. The size is checked against the pixel limit after the header is
/// parsed and before any pixel data is decompressed; GDCM decompresses every frame, so the limit counts them all.
/// </summary>
internal static class GdcmFrameReader
{
    private const string ExplicitBigEndian = "1.2.840.10008.1.2.2";

    private static readonly gdcm.Tag PixelDataTag = new(0x7fe0, 0x0010);

    static GdcmFrameReader()
    {
        // GDCM writes warnings about unusual but readable files to stderr, which is reserved for the one-line reason.
        gdcm.Trace.WarningOff();
        gdcm.Trace.ErrorOff();
        gdcm.Trace.DebugOff();
    }

    /// <param name="memoryCapped">The worker's memory is capped (<see cref="WorkerMemoryCap"/>): a codec that fails may have hit the cap.</param>
    public static DicomFrame Read(string path, long maxPixels, bool memoryCapped)
    {
        using var reader = new gdcm.ImageReader();
        reader.SetFileName(path);
        if (!reader.Read())
        {
            throw WhyUnreadable(path);
        }

        var image = reader.GetImage();
        var transferSyntax = image.GetTransferSyntax();
        var syntax = transferSyntax.GetString()?.TrimEnd('\0', ' ') ?? "";

        // Before any size is trusted: the codec allocates and writes for the frame's own header, not the DICOM's.
        CompressedFrameCheck.Check(reader.GetFile(), image.GetDataElement(), syntax);
        int width = (int)Math.Min(image.GetDimension(0), int.MaxValue), height = (int)Math.Min(image.GetDimension(1), int.MaxValue);
        var frames = image.GetNumberOfDimensions() > 2 ? Math.Max(1, image.GetDimension(2)) : 1;
        if (width < 1 || height < 1)
        {
            throw Fail(ImageDecodeError.Corrupt, $"DICOM header gives a size of {width}x{height}");
        }

        CheckLimit(width, height, frames, maxPixels);
        using var format = image.GetPixelFormat();
        int samples = format.GetSamplesPerPixel(), allocated = format.GetBitsAllocated(), stored = format.GetBitsStored(), highBit = format.GetHighBit();
        var photometric = image.GetPhotometricInterpretation().GetString()?.Trim('\0', ' ') ?? "";
        CheckSupported(samples, allocated, stored, highBit, photometric);

        var frameBytes = (long)width * height * samples * (allocated / 8);
        var length = image.GetBufferLength();
        if (length > Array.MaxLength)
        {
            throw Fail(ImageDecodeError.TooLarge, $"DICOM pixel data of {length / 1e6:F0} MB is too large to decode");
        }

        if (length < frameBytes)
        {
            throw Fail(ImageDecodeError.Corrupt, $"DICOM pixel data holds {length} bytes, fewer than one {width}x{height} frame needs");
        }

        var compressed = transferSyntax.IsEncapsulated();
        var bigEndian = syntax == ExplicitBigEndian;

        // The byte-level check reads little-endian elements as stored (a deflated file comes here inflated, see
        // DeflatedDataSet); a big-endian file's are not looked for.
        if (!bigEndian && !PixelDataCompleteness.IsComplete(File.ReadAllBytes(path), compressed, image.GetDataElement().GetVL()))
        {
            throw Fail(ImageDecodeError.Truncated, "DICOM file ends inside its pixel data (truncated)");
        }

        var buffer = new byte[length];
        if (!image.GetBuffer(buffer))
        {
            // GDCM says only that it failed; under the cap a stream declaring more pixels than the header fails here too.
            throw Fail(
                ImageDecodeError.Corrupt,
                memoryCapped
                    ? $"DICOM pixel data could not be decoded (corrupt, truncated, or needing more memory than the {maxPixels / 1e6:0.###} MP limit allows)"
                    : "DICOM pixel data could not be decoded (corrupt or truncated)");
        }

        var signed = format.GetPixelRepresentation() == 1;
        var first = length == frameBytes ? buffer : buffer[..(int)frameBytes];
        return new DicomFrame(
            width, height, samples, allocated, stored, highBit, signed, photometric, (int)image.GetPlanarConfiguration(), compressed, first,
            samples == 1 ? DisplaySettingsReader.Read(reader.GetFile(), image, signed, bigEndian) : DisplaySettings.Identity);
    }

    private static ImageDecodeException WhyUnreadable(string path)
    {
        // ImageReader fails alike on a broken file and on a DICOM object without an image; a plain read tells them apart.
        using var reader = new gdcm.Reader();
        reader.SetFileName(path);
        return reader.Read() && !reader.GetFile().GetDataSet().FindDataElement(PixelDataTag)
            ? Fail(ImageDecodeError.UnsupportedFormat, "DICOM file has no pixel data (not an image)")
            : Fail(ImageDecodeError.Corrupt, "DICOM data could not be read (corrupt or truncated)");
    }

    private static void CheckLimit(int width, int height, uint frames, long maxPixels)
    {
        var pixels = (long)width * height;
        if (pixels > maxPixels)
        {
            throw Fail(ImageDecodeError.TooLarge, $"{width}x{height} = {pixels / 1e6:F1} MP exceeds the {maxPixels / 1e6:0.###} MP limit");
        }

        if (pixels * frames > maxPixels)
        {
            throw Fail(
                ImageDecodeError.TooLarge,
                $"{frames} frames of {width}x{height} = {pixels * frames / 1e6:F1} MP exceed the {maxPixels / 1e6:0.###} MP limit (all frames are decoded to read the first)");
        }
    }

    private static void CheckSupported(int samples, int allocated, int stored, int highBit, string photometric)
    {
        if (allocated is not (8 or 16))
        {
            throw Fail(ImageDecodeError.UnsupportedFormat, $"DICOM with {allocated} bits allocated per sample is not supported (only 8 and 16)");
        }

        if (stored < 1 || stored > allocated || highBit >= allocated || highBit + 1 < stored)
        {
            throw Fail(ImageDecodeError.Corrupt, $"DICOM pixel format is inconsistent (bits allocated {allocated}, stored {stored}, high bit {highBit})");
        }

        var known = samples switch
        {
            1 => photometric is "MONOCHROME1" or "MONOCHROME2",
            3 => photometric is "RGB" or "YBR_FULL" or "YBR_FULL_422" or "YBR_RCT" or "YBR_ICT",
            _ => false,
        };
        if (!known)
        {
            throw Fail(
                ImageDecodeError.UnsupportedFormat,
                $"DICOM photometric interpretation '{photometric}' with {samples} samples per pixel is not supported (MONOCHROME1/2, RGB and YBR_FULL are)");
        }
    }

    private static ImageDecodeException Fail(ImageDecodeError error, string message) => new(error, message);
}
