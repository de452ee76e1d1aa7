using System.Buffers.Binary;
using System.Text;

namespace Fracture.Core.Imaging;

/// <summary>
/// A PNG <c>tEXt</c> chunk (keyword, Latin-1 text) put right after the header, and read back from a file's head. Lets
/// a tool mark the PNGs it writes, so it can tell its own outputs from a user's images later.
/// </summary>
public static class PngTextChunk
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // Signature, then IHDR: length 4, type 4, 13 bytes of data, CRC 4.
    private const int AfterHeader = 8 + 4 + 4 + 13 + 4;

    /// <summary>The bytes of <paramref name="png"/> with a tEXt chunk <paramref name="keyword"/> = <paramref name="text"/> after its header.</summary>
    /// <exception cref="ArgumentException"><paramref name="png"/> does not start with a PNG signature and header.</exception>
    public static byte[] Add(byte[] png, string keyword, string text)
    {
        ArgumentNullException.ThrowIfNull(png);
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        ArgumentNullException.ThrowIfNull(text);
        if (!StartsWithHeader(png))
        {
            throw new ArgumentException("not a PNG with a header chunk", nameof(png));
        }

        var data = Encoding.Latin1.GetBytes(keyword + "\0" + text);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png.AsSpan(0, AfterHeader), .. chunk, .. png.AsSpan(AfterHeader)];
    }

    /// <summary>
    /// Whether the PNG file at <paramref name="path"/> has <paramref name="keyword"/> = <paramref name="text"/> in a
    /// tEXt chunk before its image data. False for anything else, unreadable files included.
    /// </summary>
    public static bool Has(string path, string keyword, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        var wanted = Encoding.Latin1.GetBytes(keyword + "\0" + text);
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[AfterHeader];
            if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !StartsWithHeader(head))
            {
                return false;
            }

            var chunkHead = new byte[8];
            while (stream.ReadAtLeast(chunkHead, 8, throwOnEndOfStream: false) == 8)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(chunkHead);
                var type = Encoding.ASCII.GetString(chunkHead, 4, 4);
                if (length < 0 || type is "IDAT" or "IEND")
                {
                    return false;
                }

                if (type == "tEXt" && length == wanted.Length)
                {
                    var data = new byte[length];
                    if (stream.ReadAtLeast(data, length, throwOnEndOfStream: false) < length)
                    {
                        return false;
                    }

                    if (data.AsSpan().SequenceEqual(wanted))
                    {
                        return true;
                    }

                    stream.Seek(4, SeekOrigin.Current);
                    continue;
                }

                stream.Seek(length + 4L, SeekOrigin.Current);
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool StartsWithHeader(ReadOnlySpan<byte> png) =>
        png.Length >= AfterHeader && png[..8].SequenceEqual(Signature) && png.Slice(12, 4).SequenceEqual("IHDR"u8);
}
