using System.Buffers.Binary;
using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// The contract between <c>Fracture.Dicom.DicomDecoder</c> and this worker process, kept in one place.
/// Arguments: input DICOM path, output path, pixel limit, time limit in seconds. On success the worker writes the
/// result file and exits 0; on a decode error it writes the reason as one line to stderr and exits with
/// <see cref="ExitCodeFor"/>. Any other exit (a native abort, a signal) means GDCM failed on the data.
/// Result file: "FDW1", then width, height and channel count (1 grey, 3 RGB) as little-endian int32, then the pixels.
/// </summary>
internal static class WorkerProtocol
{
    public const int Success = 0;

    public const int UsageError = 80;

    public const int TimedOut = 81;

    /// <summary>GDCM's binding or native libraries could not be loaded (a deployment problem, not bad input).</summary>
    public const int GdcmMissing = 82;

    public const int HeaderBytes = 16;

    // Decode errors exit with ErrorBase + the ImageDecodeError value, clear of 0-2 and of signals (128+).
    private const int ErrorBase = 64;

    private static ReadOnlySpan<byte> Magic => "FDW1"u8;

    public static IReadOnlyList<string> Arguments(string input, string output, long maxPixels, TimeSpan timeLimit) =>
        [input, output, maxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ((int)Math.Ceiling(timeLimit.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public static int ExitCodeFor(ImageDecodeError error) => ErrorBase + (int)error;

    /// <summary>The decode error an exit code stands for, or null for success and for exits the worker did not choose.</summary>
    public static ImageDecodeError? ErrorFor(int exitCode) =>
        exitCode > ErrorBase - 1 && Enum.IsDefined((ImageDecodeError)(exitCode - ErrorBase)) ? (ImageDecodeError)(exitCode - ErrorBase) : null;

    public static void WriteResult(Stream stream, DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(image);
        Span<byte> header = stackalloc byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], image.Height);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], image.Channels);
        stream.Write(header);
        stream.Write(image.Pixels);
    }

    /// <summary>Reads a result file back; null when it is not one this protocol wrote for the limit (never trusted blindly).</summary>
    public static DecodedImage? ReadResult(byte[] data, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < HeaderBytes || !data.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(4));
        var height = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8));
        var channels = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12));
        if (width < 1 || height < 1 || channels is not (1 or 3) || (long)width * height > maxPixels
            || data.LongLength - HeaderBytes != (long)width * height * channels)
        {
            return null;
        }

        var format = channels == 1 ? PixelFormat.Gray8 : PixelFormat.Rgb24;
        return new DecodedImage(width, height, format, data[HeaderBytes..]);
    }
}
