using System.IO.Compression;

namespace Fracture.Core.Imaging;

/// <summary>
/// Expands one strip or tile of a TIFF into a buffer of exactly the block's decoded size: copied as stored, or
/// LZW, Deflate or PackBits decompressed. Output stops at that size whatever the data claims, so a decompression
/// bomb costs the block's size and no more.
/// </summary>
internal static class TiffBlockReader
{
    private static readonly byte[] Reversed = ReversalTable();

    /// <summary>Bytes written to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">The compressed data is invalid.</exception>
    public static int Read(byte[] data, int offset, int count, int compression, bool reverseBits, Span<byte> output)
    {
        var input = data.AsSpan(offset, count);
        if (reverseBits)
        {
            // Fill order 2 reverses the bits of every stored byte, compressed or not (libtiff undoes it the same way).
            var copy = input.ToArray();
            foreach (ref var b in copy.AsSpan())
            {
                b = Reversed[b];
            }

            data = copy;
            offset = 0;
            input = copy;
        }

        switch (compression)
        {
            case 1:
                var n = Math.Min(input.Length, output.Length);
                input[..n].CopyTo(output);
                return n;
            case 5:
                return TiffLzw.Decode(input, output);
            case 32773:
                return PackBits(input, output);
            default:
                return Inflate(data, offset, count, output);
        }
    }

    private static byte[] ReversalTable()
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                table[i] |= (byte)(((i >> bit) & 1) << (7 - bit));
            }
        }

        return table;
    }

    private static int Inflate(byte[] data, int offset, int count, Span<byte> output)
    {
        var total = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(data, offset, count, writable: false), CompressionMode.Decompress);
            int n;
            while (total < output.Length && (n = zlib.Read(output[total..])) > 0)
            {
                total += n;
            }
        }
        catch (IOException e)
        {
            // zlib's own errors that .NET does not map (a stream asking for a preset dictionary, say).
            throw new InvalidDataException(e.Message, e);
        }

        return total;
    }

    /// <summary>Apple's PackBits run-length code: a header byte n, then n + 1 literal bytes (0..127) or one byte repeated 1 - n times (-127..-1); -128 is a no-op.</summary>
    private static int PackBits(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int pos = 0, written = 0;
        while (pos < input.Length && written < output.Length)
        {
            var header = (sbyte)input[pos++];
            if (header >= 0)
            {
                var n = Math.Min(Math.Min(header + 1, input.Length - pos), output.Length - written);
                input.Slice(pos, n).CopyTo(output[written..]);
                pos += header + 1;
                written += n;
            }
            else if (header != -128 && pos < input.Length)
            {
                var n = Math.Min(1 - header, output.Length - written);
                output.Slice(written, n).Fill(input[pos++]);
                written += n;
            }
        }

        return written;
    }
}
