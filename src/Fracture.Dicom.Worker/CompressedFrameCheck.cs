using System.Globalization;
using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Compares each JPEG, JPEG-LS and JPEG 2000 frame's own header with the DICOM header before GDCM decodes it. GDCM
/// 3.0 hands the stream to its codec unchecked, and the output, sized by the stream, meets a buffer sized by the
/// DICOM header: a JPEG 2000 stream declaring more pixels overflowed GDCM's heap, a JPEG-LS one declaring fewer was
/// copied out past its end, and a JPEG frame's size silently replaced the header's. A mismatch is corrupt data.
/// </summary>
internal static class CompressedFrameCheck
{
    private const string JpegFamily = "1.2.840.10008.1.2.4.";

    /// <param name="file">The data set GDCM read: the header's values as written (GDCM's image may already hold the stream's).</param>
    /// <param name="pixelData">The Pixel Data element; its fragments are exactly what GDCM's codec will be given.</param>
    public static void Check(gdcm.File file, gdcm.DataElement pixelData, string transferSyntax)
    {
        // JPEG (.50-.70), JPEG-LS (.80, .81) and JPEG 2000 (.90-.93); RLE and the MPEG family are not read here.
        if (!transferSyntax.StartsWith(JpegFamily, StringComparison.Ordinal)
            || !int.TryParse(transferSyntax.AsSpan(JpegFamily.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var kind) || kind is < 50 or > 93)
        {
            return;
        }

        using var strings = new gdcm.StringFilter();
        strings.SetFile(file);
        int columns = Number(strings, 0x0011), rows = Number(strings, 0x0010), samples = Number(strings, 0x0002), allocated = Number(strings, 0x0100);
        using var fragments = pixelData.GetSequenceOfFragments();
        if (fragments is null || fragments.GetNumberOfFragments() == 0)
        {
            throw Corrupt("DICOM compressed pixel data is not a sequence of fragments");
        }

        var frame = 0;
        foreach (var bytes in Frames(fragments))
        {
            frame++;
            var declared = Jpeg2000Header.Starts(bytes) ? Jpeg2000Header.Read(bytes)
                : JpegFrameHeader.Starts(bytes) ? JpegFrameHeader.Read(bytes)
                : throw Corrupt($"compressed frame {frame} starts with neither a JPEG nor a JPEG 2000 header");
            var stream = frame == 1 ? $"{declared.Codec} stream" : $"{declared.Codec} stream of frame {frame}";
            if (declared.Width != columns || declared.Height != rows)
            {
                throw Corrupt($"{stream} declares {declared.Width}x{declared.Height}, the DICOM header {columns}x{rows}");
            }

            if (declared.Components != samples)
            {
                throw Corrupt($"{stream} declares {declared.Components} components, the DICOM header's samples per pixel {samples}");
            }

            // Wider samples than allocated make the output larger; narrower ones GDCM adopts for JPEG and JPEG 2000,
            // but JPEG-LS's output is then copied out for the header's size, past its end.
            var bytesDeclared = DeclaredGeometry.SampleBytes(declared.Precision);
            if (bytesDeclared > allocated / 8 || (declared.Codec == "JPEG-LS" && bytesDeclared != allocated / 8))
            {
                throw Corrupt($"{stream} declares {declared.Precision}-bit samples, the DICOM header's bits allocated {allocated}");
            }
        }
    }

    /// <summary>
    /// Each frame's bytes: a fragment that starts a JPEG or JPEG 2000 stream starts a frame, and those after it that
    /// do not continue it (GDCM joins them alike for a single frame, and gives each multi-frame frame one fragment).
    /// </summary>
    private static IEnumerable<byte[]> Frames(gdcm.SequenceOfFragments fragments)
    {
        using var frame = new MemoryStream();
        for (uint i = 0; i < fragments.GetNumberOfFragments(); i++)
        {
            using var fragment = fragments.GetFragment(i);
            using var value = fragment.GetByteValue();
            var bytes = new byte[value is null ? 0 : (uint)value.GetLength()];
            if (bytes.Length > 0 && !value!.GetBuffer(bytes, (uint)bytes.Length))
            {
                throw Corrupt($"DICOM pixel data fragment {i + 1} could not be read");
            }

            if (frame.Length > 0 && (Jpeg2000Header.Starts(bytes) || JpegFrameHeader.Starts(bytes)))
            {
                yield return frame.ToArray();
                frame.SetLength(0);
            }

            frame.Write(bytes);
        }

        yield return frame.ToArray();
    }

    private static int Number(gdcm.StringFilter strings, ushort element) =>
        int.TryParse(strings.ToString(new gdcm.Tag(0x0028, element))?.Trim('\0', ' '), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;

    private static ImageDecodeException Corrupt(string message) => new(ImageDecodeError.Corrupt, message);
}
