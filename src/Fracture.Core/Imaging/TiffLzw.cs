namespace Fracture.Core.Imaging;

/// <summary>
/// TIFF's LZW (TIFF 6.0 section 13): codes most significant bit first, 9 to 12 bits wide, the width growing one code
/// early, 256 clears the table and 257 ends the data. Output never exceeds the destination, so a small strip that
/// claims a huge expansion cannot make it allocate or write more than the strip's own size.
/// </summary>
internal static class TiffLzw
{
    private const int Clear = 256;
    private const int EndOfInformation = 257;
    private const int FirstFree = 258;
    private const int TableSize = 4096;

    /// <summary>Bytes written to <paramref name="output"/>; stops when it is full, at the end code or at the input's end.</summary>
    /// <exception cref="InvalidDataException">A code that is not in the table.</exception>
    /// <exception cref="NotSupportedException">Old-style (pre-6.0) LZW.</exception>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        // Pre-6.0 writers packed codes least significant bit first; the stream then starts 00 01 (libtiff's test).
        if (input.Length >= 2 && input[0] == 0 && (input[1] & 1) != 0)
        {
            throw new NotSupportedException("old-style (pre-6.0) LZW compression is not supported");
        }

        // Each code is a prefix code plus a last byte; its string is rebuilt backwards along the prefixes.
        Span<short> prefix = stackalloc short[TableSize];
        Span<byte> suffix = stackalloc byte[TableSize];
        Span<short> length = stackalloc short[TableSize];
        Span<byte> first = stackalloc byte[TableSize];
        for (var i = 0; i < 256; i++)
        {
            suffix[i] = (byte)i;
            first[i] = (byte)i;
            length[i] = 1;
        }

        int next = FirstFree, width = 9, previous = -1, written = 0;
        uint buffer = 0;
        int bitCount = 0, pos = 0;
        while (written < output.Length)
        {
            while (bitCount < width && pos < input.Length)
            {
                buffer = (buffer << 8) | input[pos++];
                bitCount += 8;
            }

            if (bitCount < width)
            {
                break; // input ran out without an end code: the caller judges whether that is a cut-off
            }

            var code = (int)((buffer >> (bitCount - width)) & ((1u << width) - 1));
            bitCount -= width;
            if (code == EndOfInformation)
            {
                break;
            }

            if (code == Clear)
            {
                next = FirstFree;
                width = 9;
                previous = -1;
                continue;
            }

            int emitted;
            if (previous < 0)
            {
                if (code > 255)
                {
                    throw new InvalidDataException($"LZW code {code} follows a clear code");
                }

                output[written] = (byte)code;
                emitted = 1;
            }
            else if (code < next)
            {
                emitted = Emit(code, prefix, suffix, length, output, written);
                Add(ref next, previous, first[code], prefix, suffix, length, first);
            }
            else if (code == next && next < TableSize)
            {
                // The code being defined right now: previous string plus its own first byte.
                Add(ref next, previous, first[previous], prefix, suffix, length, first);
                emitted = Emit(code, prefix, suffix, length, output, written);
            }
            else
            {
                throw new InvalidDataException($"LZW code {code} is not in the table (next free code {next})");
            }

            written += emitted;
            previous = code;

            // The width grows when the next code would need one more bit ("early change", as every TIFF writer does).
            if (next + 1 >= (1 << width) && width < 12)
            {
                width++;
            }
        }

        return written;
    }

    private static void Add(ref int next, int previous, byte last, Span<short> prefix, Span<byte> suffix, Span<short> length, Span<byte> first)
    {
        if (next >= TableSize)
        {
            return; // full table: writers must clear; libtiff tolerates the omission, and so do we
        }

        prefix[next] = (short)previous;
        suffix[next] = last;
        length[next] = (short)(length[previous] + 1);
        first[next] = first[previous];
        next++;
    }

    /// <summary>Writes the string of <paramref name="code"/>, cut at the end of the output; returns the bytes written.</summary>
    private static int Emit(int code, ReadOnlySpan<short> prefix, ReadOnlySpan<byte> suffix, ReadOnlySpan<short> length, Span<byte> output, int at)
    {
        var n = length[code];
        var room = output.Length - at;

        // Walk the prefixes past the bytes that would land beyond the output's end.
        var c = code;
        for (var skip = n - room; skip > 0; skip--)
        {
            c = prefix[c];
        }

        for (var i = Math.Min(n, room) - 1; i >= 0; i--)
        {
            output[at + i] = suffix[c];
            c = prefix[c];
        }

        return Math.Min(n, room);
    }
}
