using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Fracture.Core.Tests.Support;

/// <summary>
/// Minimal PNG encoder for tests: any bit depth of 8 or 16, grey/RGB/grey+alpha/RGBA, optional Adam7 interlacing,
/// and all five row filters (chosen per row) so the decoder's unfiltering is exercised. Also writes raw chunks for
/// hand-crafted headers. Deliberately independent of the production code, CRC included.
/// </summary>
internal static class TestPngWriter
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static int SamplesPerPixel(int colorType) => colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new ArgumentOutOfRangeException(nameof(colorType)) };

    /// <summary>Encodes row-major interleaved samples (one value per channel, 0-255 or 0-65535).</summary>
    public static byte[] Write(int width, int height, int bitDepth, int colorType, ushort[] samples, bool interlaced = false)
    {
        var spp = SamplesPerPixel(colorType);
        var bytesPerSample = bitDepth / 8;
        var bpp = spp * bytesPerSample;
        var raw = new MemoryStream();
        var passes = interlaced ? Adam7 : [(0, 0, 1, 1)];
        var rowIndex = 0;
        foreach (var (x0, y0, dx, dy) in passes)
        {
            int pw = (width - x0 + dx - 1) / dx, ph = (height - y0 + dy - 1) / dy;
            if (pw == 0 || ph == 0)
            {
                continue;
            }

            var previous = new byte[pw * bpp];
            for (var py = 0; py < ph; py++)
            {
                var row = new byte[pw * bpp];
                for (var px = 0; px < pw; px++)
                {
                    var src = ((((y0 + (py * dy)) * width) + x0 + (px * dx)) * spp);
                    for (var c = 0; c < spp; c++)
                    {
                        var v = samples[src + c];
                        var at = (px * bpp) + (c * bytesPerSample);
                        if (bytesPerSample == 2)
                        {
                            row[at] = (byte)(v >> 8);
                            row[at + 1] = (byte)v;
                        }
                        else
                        {
                            row[at] = (byte)v;
                        }
                    }
                }

                var filter = rowIndex++ % 5;
                raw.WriteByte((byte)filter);
                raw.Write(Filter(filter, row, previous, bpp));
                previous = row;
            }
        }

        return WriteScanlines(width, height, bitDepth, colorType, raw.ToArray(), interlaced);
    }

    /// <summary>
    /// A complete file (IHDR, one IDAT, IEND) whose image data is <paramref name="scanlines"/> (filter byte, then the
    /// row's bytes, per row) deflated as given: too few rows or a bad filter byte make a well-formed file with bad data.
    /// </summary>
    public static byte[] WriteScanlines(int width, int height, int bitDepth, int colorType, byte[] scanlines, bool interlaced = false)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(scanlines);
        }

        return Concat(Signature, Ihdr(width, height, bitDepth, colorType, interlaced ? 1 : 0), Chunk("IDAT", compressed.ToArray()), Chunk("IEND", []));
    }

    public static byte[] Ihdr(long width, long height, int bitDepth, int colorType, int interlace = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)height);
        data[8] = (byte)bitDepth;
        data[9] = (byte)colorType;
        data[12] = (byte)interlace;
        return Chunk("IHDR", data);
    }

    /// <summary>length, type, data, CRC-32 over type and data.</summary>
    public static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>Bitwise CRC-32 (reflected polynomial 0xEDB88320), slow but obviously right.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = uint.MaxValue;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    public static byte[] Concat(params byte[][] parts)
    {
        var all = new MemoryStream();
        foreach (var p in parts)
        {
            all.Write(p);
        }

        return all.ToArray();
    }

    private static byte[] Filter(int filter, byte[] row, byte[] previous, int bpp)
    {
        var output = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            var predictor = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                _ => Paeth(left, up, upLeft),
            };
            output[i] = (byte)(row[i] - predictor);
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
