using System.Buffers.Binary;
using System.IO.Compression;
using Fracture.Core.Imaging;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Turns a Deflated Explicit VR Little Endian file (1.2.840.10008.1.2.1.99) into the equivalent Explicit VR Little
/// Endian one before GDCM sees it. GDCM's own inflating can spin on a cut deflate stream until the time limit,
/// its memory growing by gigabytes. Here the data set (everything after the file meta group, one raw
/// deflate stream) is inflated with System.IO.Compression under a size cap; a stream that ends before its final
/// block is a truncated file, and the meta group is kept with its transfer syntax UID and group length rewritten.
/// </summary>
internal static class DeflatedDataSet
{
    private const int MetaStart = 132; // preamble and "DICM"

    private const long Slack = 16L << 20;

    // NUL-padded to even length, as a UI value is stored.
    private static ReadOnlySpan<byte> ExplicitLittleEndianValue => "1.2.840.10008.1.2.1\0"u8;

    private static ReadOnlySpan<byte> DeflatedValue => "1.2.840.10008.1.2.1.99"u8;

    // (0002,0000) UL, length 4: the group length that opens a well-formed meta group.
    private static ReadOnlySpan<byte> GroupLengthHeader => [0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 0x04, 0x00];

    /// <summary>
    /// The most an inflated data set may hold for a pixel limit: the largest pixel data the limit lets through is
    /// 6 bytes a pixel (3 samples of 16 bits, all frames counted), and 2 more a pixel plus 16 MiB leave room for
    /// overlays, icons and other elements. Anything larger is refused as too large before GDCM is involved.
    /// </summary>
    public static long InflatedLimit(long maxPixels) =>
        maxPixels >= (Array.MaxLength - Slack) / 8 ? Array.MaxLength : (maxPixels * 8) + Slack;

    /// <summary>
    /// Whether the file's meta group names the deflated transfer syntax. A meta group too damaged to walk is an
    /// <see cref="ImageDecodeException"/> when the file holds that UID anywhere: GDCM may still find its way through
    /// such a group, and must not be the one to inflate.
    /// </summary>
    public static bool IsDeflated(ReadOnlySpan<byte> file)
    {
        if (!TryReadMeta(file, out _, out var syntax))
        {
            return file.IndexOf(DeflatedValue) >= 0
                ? throw new ImageDecodeException(ImageDecodeError.Corrupt, "DICOM file meta information could not be read (corrupt or truncated)")
                : false;
        }

        return syntax is not null && syntax.AsSpan().TrimEnd("\0 "u8).SequenceEqual(DeflatedValue);
    }

    /// <summary>
    /// Writes the explicit-VR-little-endian equivalent of a deflated file (<see cref="IsDeflated"/>) to
    /// <paramref name="output"/>. Throws <see cref="ImageDecodeException"/> for a cut, corrupt or over-large stream.
    /// </summary>
    public static void Inflate(byte[] file, Stream output, long maxInflatedBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(output);
        if (!TryReadMeta(file, out var metaEnd, out _))
        {
            throw new ArgumentException("not a file with a readable meta group", nameof(file));
        }

        var meta = RewrittenMeta(file.AsSpan(MetaStart, metaEnd - MetaStart));
        output.Write(file, 0, MetaStart);
        output.Write(meta);
        Inflate(file, metaEnd, output, maxInflatedBytes - MetaStart - meta.Length);
    }

    private static void Inflate(byte[] file, int start, Stream output, long limit)
    {
        using var source = new EndWatchingStream(file, start);
        using var inflater = new DeflateStream(source, CompressionMode.Decompress);
        var buffer = new byte[1 << 16];
        long total = 0;
        try
        {
            for (int n; (n = inflater.Read(buffer)) > 0;)
            {
                total += n;
                if (total > limit)
                {
                    throw new ImageDecodeException(
                        ImageDecodeError.TooLarge, $"DICOM deflated data set inflates to over {limit / 1e6:F0} MB, more than the pixel limit allows");
                }

                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException)
        {
            throw new ImageDecodeException(ImageDecodeError.Corrupt, "DICOM deflated data set could not be inflated (corrupt)");
        }

        // DeflateStream stops at the final block without asking for more input; a read that found the input at
        // its end means the stream stopped short (the check .NET's strict validation makes, off by default).
        if (source.EndReached || total == 0)
        {
            throw new ImageDecodeException(ImageDecodeError.Truncated, "DICOM file ends inside its deflated data set (truncated)");
        }
    }

    /// <summary>Walks the meta group (explicit VR little endian): where it ends, and its transfer syntax UID.</summary>
    private static bool TryReadMeta(ReadOnlySpan<byte> file, out int end, out byte[]? syntax)
    {
        syntax = null;
        end = MetaStart;

        // The walk stops where the group length (0002,0000) says the group ends, when it lands there: the deflate
        // stream after it may start with the bytes 02 00 of another group 0002 tag.
        var declaredEnd = file.Length >= MetaStart + 12 && file.Slice(MetaStart, 8).SequenceEqual(GroupLengthHeader)
            ? MetaStart + 12L + BinaryPrimitives.ReadUInt32LittleEndian(file[(MetaStart + 8)..])
            : -1;
        while (end != declaredEnd && end + 8 <= file.Length && BinaryPrimitives.ReadUInt16LittleEndian(file[end..]) == 0x0002)
        {
            if (!TryElement(file, end, out var header, out var length) || end + header + length > file.Length)
            {
                return false;
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(file[(end + 2)..]) == 0x0010)
            {
                syntax = file.Slice(end + header, (int)length).ToArray();
            }

            end += header + (int)length;
        }

        return end > MetaStart;
    }

    /// <summary>An element's header size and value length: 12 bytes for the VRs with a 32-bit length, else 8.</summary>
    private static bool TryElement(ReadOnlySpan<byte> bytes, int at, out int header, out long length)
    {
        header = 8;
        length = 0;
        char first = (char)bytes[at + 4], second = (char)bytes[at + 5];
        if (!char.IsAsciiLetterUpper(first) || !char.IsAsciiLetterUpper(second))
        {
            return false;
        }

        if ((first, second) is ('O', 'B' or 'D' or 'F' or 'L' or 'V' or 'W') or ('S', 'Q' or 'V') or ('U', 'C' or 'N' or 'R' or 'T' or 'V'))
        {
            if (at + 12 > bytes.Length)
            {
                return false;
            }

            header = 12;
            length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 8)..]);
            return true;
        }

        length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(at + 6)..]);
        return true;
    }

    /// <summary>The meta group with the transfer syntax UID made explicit little endian and (0002,0000) counting the result.</summary>
    private static byte[] RewrittenMeta(ReadOnlySpan<byte> meta)
    {
        using var rewritten = new MemoryStream();
        var groupLengthAt = -1;
        for (var at = 0; at < meta.Length;)
        {
            TryElement(meta, at, out var header, out var length); // the walk in TryReadMeta read every element
            var element = BinaryPrimitives.ReadUInt16LittleEndian(meta[(at + 2)..]);
            if (element == 0x0010)
            {
                Span<byte> uid = [0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'I', (byte)ExplicitLittleEndianValue.Length, 0];
                rewritten.Write(uid);
                rewritten.Write(ExplicitLittleEndianValue);
            }
            else
            {
                groupLengthAt = element == 0x0000 && length == 4 ? (int)rewritten.Length : groupLengthAt;
                rewritten.Write(meta.Slice(at, header + (int)length));
            }

            at += header + (int)length;
        }

        var bytes = rewritten.ToArray();
        if (groupLengthAt >= 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(groupLengthAt + 8), (uint)(bytes.Length - groupLengthAt - 12));
        }

        return bytes;
    }

    /// <summary>The deflated bytes, noting whether the inflater asked for more once they were all read.</summary>
    private sealed class EndWatchingStream(byte[] file, int start) : MemoryStream(file, start, file.Length - start, writable: false)
    {
        public bool EndReached { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Watch(base.Read(buffer, offset, count), count);

        public override int Read(Span<byte> buffer) => Watch(base.Read(buffer), buffer.Length);

        private int Watch(int read, int asked)
        {
            EndReached |= read == 0 && asked > 0;
            return read;
        }
    }
}
