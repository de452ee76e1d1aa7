using System.Buffers.Binary;
using System.IO.Compression;

namespace Fracture.Core.Tests.Support;

/// <summary>
/// Minimal classic-TIFF writer for tests: either byte order, 1 to 16 bits, strips or tiles, chunky or planar,
/// compression none, LZW, Deflate or PackBits, the horizontal predictor, and any tag replaced or removed for
/// hand-crafted bad files. Deliberately independent of the production decoder (its own LZW encoder included).
/// By default the directory comes first and the pixel data last, so cutting the file cuts pixels, not the header.
/// </summary>
internal static class TestTiffWriter
{
    /// <summary>
    /// Encodes row-major interleaved samples as stored (MinIsWhite values are not inverted here), each 0..2^bits-1.
    /// </summary>
    public static byte[] Write(TestTiff spec, ushort[] samples)
    {
        var planes = spec.Planar ? spec.SamplesPerPixel : 1;
        var (blockWidth, blockHeight) = spec.Tile ?? (spec.Width, Math.Min(spec.RowsPerStrip, spec.Height));
        int across = (spec.Width + blockWidth - 1) / blockWidth, down = (spec.Height + blockHeight - 1) / blockHeight;
        var blocks = new List<byte[]>();
        for (var plane = 0; plane < planes; plane++)
        {
            for (var by = 0; by < down; by++)
            {
                for (var bx = 0; bx < across; bx++)
                {
                    var rows = spec.Tile is null ? Math.Min(blockHeight, spec.Height - (by * blockHeight)) : blockHeight;
                    var raw = Block(spec, samples, bx * blockWidth, by * blockHeight, blockWidth, rows, plane);
                    blocks.Add(Compress(spec.Compression, raw));
                }
            }
        }

        var tags = new SortedDictionary<ushort, (ushort Type, uint[] Values)>
        {
            [256] = (4, [(uint)spec.Width]),
            [257] = (4, [(uint)spec.Height]),
            [258] = (3, Enumerable.Repeat((uint)spec.Bits, spec.SamplesPerPixel).ToArray()),
            [259] = (3, [(uint)spec.Compression]),
            [262] = (3, [(uint)spec.Photometric]),
            [277] = (3, [(uint)spec.SamplesPerPixel]),
            [284] = (3, [spec.Planar ? 2u : 1u]),
        };
        if (spec.Tile is { } tile)
        {
            tags[322] = (3, [(uint)tile.Width]);
            tags[323] = (3, [(uint)tile.Height]);
        }
        else
        {
            tags[278] = (3, [(uint)spec.RowsPerStrip]);
        }

        if (spec.Predictor != 1)
        {
            tags[317] = (3, [(uint)spec.Predictor]);
        }

        if (spec.Orientation != 0)
        {
            tags[274] = (3, [(uint)spec.Orientation]);
        }

        if (spec.ColorMap is { } map)
        {
            tags[320] = (3, map.Select(v => (uint)v).ToArray());
        }

        if (spec.ExtraSamples is { } extra)
        {
            tags[338] = (3, extra.Select(v => (uint)v).ToArray());
        }

        var (offsetsTag, countsTag) = spec.Tile is null ? ((ushort)273, (ushort)279) : ((ushort)324, (ushort)325);
        tags[offsetsTag] = (4, new uint[blocks.Count]);
        tags[countsTag] = (4, blocks.Select(b => (uint)b.Length).ToArray());
        foreach (var (tag, value) in spec.Tags)
        {
            if (value is null)
            {
                tags.Remove(tag);
            }
            else
            {
                tags[tag] = value.Value;
            }
        }

        return Assemble(spec, tags, offsetsTag, blocks);
    }

    /// <summary>Lays out header, directory, out-of-line values and blocks, filling in the block offsets.</summary>
    private static byte[] Assemble(TestTiff spec, SortedDictionary<ushort, (ushort Type, uint[] Values)> tags, ushort offsetsTag, List<byte[]> blocks)
    {
        var directorySize = 2 + (12 * tags.Count) + 4;
        var valuesSize = tags.Values.Sum(t => Size(t) > 4 ? Size(t) : 0);
        var blocksSize = blocks.Sum(b => b.Length);
        var directoryAt = spec.DirectoryLast ? 8 + blocksSize : 8;
        var blocksAt = spec.DirectoryLast ? 8 : 8 + directorySize + valuesSize;
        if (!spec.Tags.ContainsKey(offsetsTag))
        {
            var at = blocksAt;
            var offsets = tags[offsetsTag].Values;
            for (var i = 0; i < blocks.Count; i++)
            {
                offsets[i] = (uint)at;
                at += blocks[i].Length;
            }
        }

        var file = new byte[8 + directorySize + valuesSize + blocksSize];
        var w = new Writer(file, spec.BigEndian);
        file[0] = file[1] = spec.BigEndian ? (byte)'M' : (byte)'I';
        w.U16(2, 42);
        w.U32(4, (uint)directoryAt);
        w.U16(directoryAt, (ushort)tags.Count);
        var entry = directoryAt + 2;
        var values = directoryAt + directorySize;
        foreach (var (tag, (type, list)) in tags)
        {
            w.U16(entry, tag);
            w.U16(entry + 2, type);
            w.U32(entry + 4, (uint)list.Length);
            var at = entry + 8;
            if (Size((type, list)) > 4)
            {
                w.U32(entry + 8, (uint)values);
                at = values;
                values += Size((type, list));
            }

            for (var i = 0; i < list.Length; i++)
            {
                if (type == 3)
                {
                    w.U16(at + (2 * i), (ushort)list[i]);
                }
                else
                {
                    w.U32(at + (4 * i), list[i]);
                }
            }

            entry += 12;
        }

        w.U32(entry, spec.NextDirectory ?? 0);
        var blockAt = blocksAt;
        foreach (var block in blocks)
        {
            block.CopyTo(file, blockAt);
            blockAt += block.Length;
        }

        return file;
    }

    private static int Size((ushort Type, uint[] Values) tag) => tag.Values.Length * (tag.Type == 3 ? 2 : 4);

    /// <summary>One block's rows as stored: samples packed most significant bit first, the predictor applied.</summary>
    private static byte[] Block(TestTiff spec, ushort[] samples, int x0, int y0, int width, int rows, int plane)
    {
        var perPixel = spec.Planar ? 1 : spec.SamplesPerPixel;
        var rowBytes = ((width * perPixel * spec.Bits) + 7) / 8;
        var block = new byte[rowBytes * rows];
        for (var r = 0; r < rows; r++)
        {
            var row = new long[width * perPixel];
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < perPixel; c++)
                {
                    int sx = x0 + x, sy = y0 + r, channel = spec.Planar ? plane : c;
                    row[(x * perPixel) + c] = sx < spec.Width && sy < spec.Height ? samples[(((sy * spec.Width) + sx) * spec.SamplesPerPixel) + channel] : 0;
                }
            }

            if (spec.Predictor == 2)
            {
                for (var i = row.Length - 1; i >= perPixel; i--)
                {
                    row[i] = (row[i] - row[i - perPixel]) & ((1L << spec.Bits) - 1);
                }
            }

            var line = block.AsSpan(r * rowBytes, rowBytes);
            for (var i = 0; i < row.Length; i++)
            {
                if (spec.Bits == 16)
                {
                    if (spec.BigEndian)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(line[(2 * i)..], (ushort)row[i]);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(line[(2 * i)..], (ushort)row[i]);
                    }
                }
                else
                {
                    var bit = i * spec.Bits;
                    line[bit / 8] |= (byte)(row[i] << (8 - spec.Bits - (bit % 8)));
                }
            }
        }

        return block;
    }

    private static byte[] Compress(int compression, byte[] raw)
    {
        switch (compression)
        {
            case 5:
                return TestTiffCodecs.Lzw(raw);
            case 8 or 32946:
                var compressed = new MemoryStream();
                using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                {
                    zlib.Write(raw);
                }

                return compressed.ToArray();
            case 32773:
                return TestTiffCodecs.PackBits(raw);
            default:
                return raw;
        }
    }

    private readonly struct Writer(byte[] file, bool bigEndian)
    {
        public void U16(int at, ushort v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(at), v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), v);
            }
        }

        public void U32(int at, uint v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(at), v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), v);
            }
        }
    }
}
