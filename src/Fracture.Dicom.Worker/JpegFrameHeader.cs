using System.Buffers.Binary;
using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Reads a JPEG or JPEG-LS frame's start-of-frame segment (ITU-T T.81 B.2.2; T.87 C.2.2 for SOF55): precision,
/// lines, samples per line, components. It follows the tables and application segments after SOI.
/// </summary>
internal static class JpegFrameHeader
{
    private const byte JpegLsStartOfFrame = 0xF7;

    public static bool Starts(ReadOnlySpan<byte> frame) => frame.Length >= 2 && frame[0] == 0xFF && frame[1] == 0xD8; // SOI

    public static DeclaredGeometry Read(ReadOnlySpan<byte> frame)
    {
        var at = 2;
        while (at + 4 <= frame.Length && frame[at] == 0xFF)
        {
            // Any marker may be preceded by fill bytes 0xFF (T.81 B.1.1.2).
            if (frame[at + 1] == 0xFF)
            {
                at++;
                continue;
            }

            var marker = frame[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(frame[(at + 2)..]);
            if (IsStartOfFrame(marker))
            {
                if (length < 8 || at + 10 > frame.Length)
                {
                    break;
                }

                var segment = frame[(at + 4)..];
                return new DeclaredGeometry(
                    marker == JpegLsStartOfFrame ? "JPEG-LS" : "JPEG",
                    BinaryPrimitives.ReadUInt16BigEndian(segment[3..]),
                    BinaryPrimitives.ReadUInt16BigEndian(segment[1..]),
                    segment[5],
                    segment[0]);
            }

            // Before the frame header come only segments with a length; anything else (SOS, EOI, RSTn) is out of order.
            if (length < 2 || marker is 0xDA or 0xD9 or 0x01 or (>= 0xD0 and <= 0xD8))
            {
                break;
            }

            at += 2 + length;
        }

        throw new ImageDecodeException(ImageDecodeError.Corrupt, "JPEG stream has no frame header (SOF) before its scan data");
    }

    // SOF0-3, 5-7, 9-11, 13-15 (C4 is DHT, C8 reserved, CC DAC) and JPEG-LS's SOF55.
    private static bool IsStartOfFrame(byte marker) => marker is (>= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC)) or JpegLsStartOfFrame;
}
