using System.Buffers.Binary;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Whether a file holds all of its pixel data. GDCM reads a file cut inside its pixel data without complaint (and
/// decodes what is there, the rest left as zeros), so the worker checks the bytes itself: uncompressed pixel data
/// must fit in the file after its element header; encapsulated pixel data must reach its sequence delimiter, item
/// after item from its own header (a header's undefined-length sequences end with the same delimiter bytes).
/// </summary>
internal static class PixelDataCompleteness
{
    private static ReadOnlySpan<byte> ItemTag => [0xFE, 0xFF, 0x00, 0xE0];

    private static ReadOnlySpan<byte> SequenceDelimiterTag => [0xFE, 0xFF, 0xDD, 0xE0];

    private static ReadOnlySpan<byte> PixelDataTag => [0xE0, 0x7F, 0x10, 0x00];

    // Encapsulated pixel data: tag, explicit VR "OB", two reserved bytes, undefined length.
    private static ReadOnlySpan<byte> EncapsulatedHeader => [0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];

    /// <param name="file">The whole file (little-endian transfer syntax).</param>
    /// <param name="encapsulated">The pixel data is a sequence of compressed fragments.</param>
    /// <param name="declaredLength">The Pixel Data element's length as GDCM parsed it (uncompressed data only).</param>
    public static bool IsComplete(ReadOnlySpan<byte> file, bool encapsulated, uint declaredLength)
    {
        if (encapsulated)
        {
            // The last header is the image's own: an icon image's encapsulated pixel data, nested in a sequence, comes first.
            var header = file.LastIndexOf(EncapsulatedHeader);
            return header >= 0 && ItemsReachDelimiter(file, header + EncapsulatedHeader.Length);
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

    /// <summary>Walks the items (offset table, fragments) from <paramref name="at"/>: true when the delimiter follows the last one inside the file.</summary>
    private static bool ItemsReachDelimiter(ReadOnlySpan<byte> file, long at)
    {
        while (at + 8 <= file.Length)
        {
            var tag = file.Slice((int)at, 4);
            if (tag.SequenceEqual(SequenceDelimiterTag))
            {
                return true;
            }

            if (!tag.SequenceEqual(ItemTag))
            {
                return false;
            }

            at += 8L + BinaryPrimitives.ReadUInt32LittleEndian(file.Slice((int)at + 4, 4));
        }

        return false;
    }
}
