using System.Buffers.Binary;

namespace Fracture.Core.Imaging;

/// <summary>
/// Whether a file reaches its format's end. Skia reports both a cut-off file and garbled compressed data as
/// "incomplete input" (libpng stops either way), so this tells truncation apart from corruption.
/// </summary>
internal static class FileCompleteness
{
    public static bool IsComplete(ReadOnlySpan<byte> data, ImageFileFormat format) => format switch
    {
        ImageFileFormat.Png => PngReachesEnd(data),
        ImageFileFormat.Jpeg => JpegEndsWithEoi(data),
        ImageFileFormat.Webp => data.Length >= 8 && data.Length >= 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]),
        ImageFileFormat.Bmp => data.Length >= 6 && BinaryPrimitives.ReadUInt32LittleEndian(data[2..]) is var size && size > 0 && data.Length >= size,
        _ => false,
    };

    private static bool PngReachesEnd(ReadOnlySpan<byte> data)
    {
        long pos = 8;
        while (pos + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)pos..]);
            if (data.Slice((int)pos + 4, 4).SequenceEqual("IEND"u8))
            {
                return true;
            }

            pos += 12L + length;
        }

        return false;
    }

    /// <summary>
    /// EOI (FF D9) among the last bytes; entropy-coded data cannot contain it (FF is always stuffed), and tolerating
    /// a little trailing padding matches what some writers produce.
    /// </summary>
    private static bool JpegEndsWithEoi(ReadOnlySpan<byte> data)
    {
        var tail = data[Math.Max(0, data.Length - 32)..];
        return tail.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
    }
}
