using System.Buffers.Binary;

namespace Fracture.Core.Imaging;

/// <summary>
/// The first image file directory (IFD 0) of a classic TIFF: its entries by tag, and integer reads of their values
/// with every offset and count checked against the data. Later IFDs (pages, thumbnails) are never followed, so a
/// chain that loops costs nothing. Anything that points past the end of the data reads as a cut-off header
/// (<see cref="ImageDecodeError.Truncated"/>): libtiff writes the IFD after the pixels, so a file cut short loses
/// its directory, and a header read from a file's first megabyte must ask for the rest rather than be refused.
/// </summary>
internal sealed class TiffDirectory
{
    private const int EntrySize = 12;

    private readonly Dictionary<ushort, Entry> _entries;

    private TiffDirectory(bool bigEndian, Dictionary<ushort, Entry> entries, long end)
    {
        BigEndian = bigEndian;
        _entries = entries;
        End = end;
    }

    public bool BigEndian { get; }

    /// <summary>Just past the furthest byte of the directory and of the values read from it so far.</summary>
    public long End { get; private set; }

    public static TiffDirectory Read(ReadOnlySpan<byte> data, string? path)
    {
        if (data.Length < 8)
        {
            throw Truncated(path);
        }

        var bigEndian = data[0] == (byte)'M';
        var magic = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        if (magic == 43)
        {
            throw ImageDecodeException.For(ImageDecodeError.UnsupportedFormat, path, "BigTIFF is not supported (only classic TIFF)");
        }

        var ifd = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (ifd < 8)
        {
            throw Corrupt(path, $"TIFF header points its first directory at byte {ifd}, inside the header");
        }

        if (ifd + 2L > data.Length)
        {
            throw Truncated(path);
        }

        var count = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data[(int)ifd..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[(int)ifd..]);
        if (count == 0)
        {
            throw Corrupt(path, "TIFF first directory has no entries");
        }

        var end = ifd + 2L + ((long)count * EntrySize) + 4;
        if (end > data.Length)
        {
            throw Truncated(path);
        }

        var entries = new Dictionary<ushort, Entry>(count);
        for (var i = 0; i < count; i++)
        {
            var at = (int)ifd + 2 + (i * EntrySize);
            var entry = data.Slice(at, EntrySize);
            var tag = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(entry) : BinaryPrimitives.ReadUInt16LittleEndian(entry);
            var type = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(entry[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]);
            var n = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(entry[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            var value = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(entry[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);

            // The first of a repeated tag wins, as in libtiff.
            entries.TryAdd(tag, new Entry(type, n, value, at + 8));
        }

        return new TiffDirectory(bigEndian, entries, end);
    }

    public bool Has(ushort tag) => _entries.ContainsKey(tag);

    /// <summary>How many values the tag holds; 0 when absent.</summary>
    public long CountOf(ushort tag) => _entries.TryGetValue(tag, out var entry) ? entry.Count : 0;

    /// <summary>The tag's first value, or <paramref name="fallback"/> when the tag is absent.</summary>
    public uint Scalar(ReadOnlySpan<byte> data, ushort tag, uint fallback, string? path) =>
        _entries.ContainsKey(tag) ? Values(data, tag, 1, path)[0] : fallback;

    /// <summary>
    /// The first <paramref name="count"/> values of an integer tag (BYTE, SHORT or LONG). A tag holding fewer is
    /// corrupt; the count is checked before anything is allocated, so an absurd one costs nothing.
    /// </summary>
    public uint[] Values(ReadOnlySpan<byte> data, ushort tag, int count, string? path)
    {
        var entry = _entries[tag];
        var size = entry.Type switch
        {
            1 => 1,
            3 => 2,
            4 => 4,
            _ => throw Corrupt(path, $"TIFF tag {tag} has type {entry.Type} where an integer belongs"),
        };
        if (entry.Count < count)
        {
            throw Corrupt(path, $"TIFF tag {tag} holds {entry.Count} values where {count} belong");
        }

        var bytes = (long)entry.Count * size;
        long start = bytes <= 4 ? entry.InlineAt : entry.Value;
        var needed = (long)count * size;
        if (start + needed > data.Length)
        {
            throw Truncated(path);
        }

        End = Math.Max(End, start + needed);
        var values = new uint[count];
        var span = data.Slice((int)start, (int)needed);
        for (var i = 0; i < count; i++)
        {
            values[i] = size switch
            {
                1 => span[i],
                2 => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span[(i * 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 2)..]),
                _ => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span[(i * 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(span[(i * 4)..]),
            };
        }

        return values;
    }

    private static ImageDecodeException Truncated(string? path) =>
        ImageDecodeException.For(ImageDecodeError.Truncated, path, "file ends inside the TIFF header");

    internal static ImageDecodeException Corrupt(string? path, string detail) =>
        ImageDecodeException.For(ImageDecodeError.Corrupt, path, detail);

    /// <param name="InlineAt">Where the value field sits: values of 4 bytes or fewer are stored there.</param>
    private readonly record struct Entry(ushort Type, uint Count, uint Value, int InlineAt);
}
