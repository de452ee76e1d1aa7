using System.Buffers.Binary;
using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Reads a JPEG 2000 frame's SIZ segment (ITU-T T.800 A.5.1), from a raw codestream or from the codestream box of a
/// JP2 file (T.800 Annex I), which GDCM decodes too when the fragment starts with the JP2 signature.
/// </summary>
internal static class Jpeg2000Header
{
    private const uint CodestreamBox = 0x6A703263; // "jp2c"

    // SOC, SIZ, Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz: the component list follows.
    private const int ComponentsAt = 42;

    private static ReadOnlySpan<byte> StartOfCodestream => [0xFF, 0x4F, 0xFF, 0x51];

    // GDCM's own test for a JP2 file: the 12-byte signature box at the start.
    private static ReadOnlySpan<byte> Jp2Signature => [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    public static bool Starts(ReadOnlySpan<byte> frame) => frame.StartsWith(StartOfCodestream) || frame.StartsWith(Jp2Signature);

    public static DeclaredGeometry Read(ReadOnlySpan<byte> frame) => ReadSiz(frame.StartsWith(Jp2Signature) ? Codestream(frame) : frame);

    private static DeclaredGeometry ReadSiz(ReadOnlySpan<byte> stream)
    {
        if (stream.Length < ComponentsAt || !stream.StartsWith(StartOfCodestream))
        {
            throw Corrupt("JPEG 2000 stream does not start with SOC and SIZ markers");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(stream[4..]), components = BinaryPrimitives.ReadUInt16BigEndian(stream[40..]);
        if (components < 1 || length != 38 + (3 * components) || stream.Length < 4 + length)
        {
            throw Corrupt("JPEG 2000 SIZ segment is malformed");
        }

        long width = (long)BinaryPrimitives.ReadUInt32BigEndian(stream[8..]) - BinaryPrimitives.ReadUInt32BigEndian(stream[16..]);
        long height = (long)BinaryPrimitives.ReadUInt32BigEndian(stream[12..]) - BinaryPrimitives.ReadUInt32BigEndian(stream[20..]);
        var precision = 0;
        for (var i = 0; i < components; i++)
        {
            var component = stream.Slice(ComponentsAt + (3 * i), 3);
            precision = Math.Max(precision, (component[0] & 0x7F) + 1);
            // GDCM copies every component as if full size: a subsampled one leaves the rest of its buffer unwritten.
            if (component[1] != 1 || component[2] != 1)
            {
                throw Corrupt($"JPEG 2000 stream subsamples component {i + 1} by {component[1]}x{component[2]} (only full-size components are decoded)");
            }
        }

        return new DeclaredGeometry("JPEG 2000", width, height, components, precision);
    }

    /// <summary>The contents of the first codestream box, found box by box (T.800 I.4: LBox, TBox, XLBox when LBox is 1, 0 to the end).</summary>
    private static ReadOnlySpan<byte> Codestream(ReadOnlySpan<byte> file)
    {
        var at = 0L;
        while (at + 8 <= file.Length)
        {
            var box = file[(int)at..];
            long length = BinaryPrimitives.ReadUInt32BigEndian(box), header = 8;
            if (length == 1)
            {
                header = 16;
                length = box.Length >= 16 ? (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(box[8..]), long.MaxValue) : 0;
            }
            else if (length == 0)
            {
                length = box.Length;
            }

            if (length < header || length > box.Length)
            {
                break;
            }

            if (BinaryPrimitives.ReadUInt32BigEndian(box[4..]) == CodestreamBox)
            {
                return box[(int)header..(int)length];
            }

            at += length;
        }

        throw Corrupt("JP2 file in the pixel data has no codestream box");
    }

    private static ImageDecodeException Corrupt(string message) => new(ImageDecodeError.Corrupt, message);
}
