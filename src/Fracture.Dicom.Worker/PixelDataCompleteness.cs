using System.Buffers.Binary;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Whether a file holds all of its pixel data. GDCM reads a file cut inside its pixel data without complaint (and
/// decodes what is there, the rest left as zeros), so the worker checks the bytes itself: uncompressed pixel data
/// must fit in the file after its element header; encapsulated pixel data must reach its sequence delimiter.
/// </summary>
internal static class PixelDataCompleteness
{
    private static ReadOnlySpan<byte> SequenceDelimiter => [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];

    private static ReadOnlySpan<byte> PixelDataTag => [0xE0, 0x7F, 0x10, 0x00];

    /// <param name="file">The whole file (little-endian transfer syntax).</param>
    /// <param name="encapsulated">The pixel data is a sequence of compressed fragments.</param>
    /// <param name="declaredLength">The Pixel Data element's length as GDCM parsed it (uncompressed data only).</param>
    public static bool IsComplete(ReadOnlySpan<byte> file, bool encapsulated, uint declaredLength)
    {
        if (encapsulated)
        {
            return file.LastIndexOf(SequenceDelimiter) >= 0;
        }

        // The element header is the tag, then (explicit VR) "OB"/"OW" and two reserved bytes, then the 32-bit length;
        // or (implicit VR) the length right after the tag. The last match with the parsed length is the element.
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, declaredLength);
        for (var at = file.LastIndexOf(PixelDataTag); at >= 0; at = file[..at].LastIndexOf(PixelDataTag))
        {
            if (at + 12 <= file.Length && file[at + 4] == (byte)'O' && file.Slice(at + 8, 4).SequenceEqual(length))
            {
                return at + 12L + declaredLength <= file.Length;
            }

            if (at + 8 <= file.Length && file.Slice(at + 4, 4).SequenceEqual(length))
            {
                return at + 8L + declaredLength <= file.Length;
            }
        }

        return false;
    }
}
