namespace Fracture.Core.Tests.Support;

/// <summary>The test writer's encoders for TIFF's LZW and PackBits, written from the TIFF 6.0 specification.</summary>
internal static class TestTiffCodecs
{
    /// <summary>LZW with codes most significant bit first, a clear code first and before the table fills, and the end code last.</summary>
    public static byte[] Lzw(byte[] raw)
    {
        var bits = new BitWriter();
        var table = new Dictionary<(int Prefix, byte Next), int>();
        int next = 258, width = 9, current = -1;
        bits.Write(256, width);
        foreach (var b in raw)
        {
            if (current < 0)
            {
                current = b;
                continue;
            }

            if (table.TryGetValue((current, b), out var code))
            {
                current = code;
                continue;
            }

            bits.Write(current, width);
            table[(current, b)] = next++;
            (next, width) = Grow(next, width, bits, table);
            current = b;
        }

        if (current >= 0)
        {
            bits.Write(current, width);

            // The reader adds a table entry after this code too, so the end code may already be one bit wider.
            (_, width) = Grow(next + 1, width, bits, table);
        }

        bits.Write(257, width);
        return bits.ToArray();
    }

    /// <summary>Literal runs of up to 128 bytes and repeats of 3 to 128.</summary>
    public static byte[] PackBits(byte[] raw)
    {
        var output = new List<byte>();
        var i = 0;
        while (i < raw.Length)
        {
            var run = 1;
            while (i + run < raw.Length && run < 128 && raw[i + run] == raw[i])
            {
                run++;
            }

            if (run >= 3)
            {
                output.Add((byte)(sbyte)(1 - run));
                output.Add(raw[i]);
                i += run;
                continue;
            }

            var start = i;
            while (i < raw.Length && i - start < 128 && !(i + 2 < raw.Length && raw[i] == raw[i + 1] && raw[i] == raw[i + 2]))
            {
                i++;
            }

            output.Add((byte)(i - start - 1));
            output.AddRange(raw.AsSpan(start, i - start));
        }

        return [.. output];
    }

    private static (int Next, int Width) Grow(int next, int width, BitWriter bits, Dictionary<(int Prefix, byte Next), int> table)
    {
        if (next == 4094)
        {
            bits.Write(256, width);
            table.Clear();
            return (258, 9);
        }

        return next > (1 << width) - 1 ? (next, width + 1) : (next, width);
    }

    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _buffer;
        private int _count;

        public void Write(int code, int width)
        {
            for (var bit = width - 1; bit >= 0; bit--)
            {
                _buffer = (_buffer << 1) | ((code >> bit) & 1);
                if (++_count == 8)
                {
                    _bytes.Add((byte)_buffer);
                    _buffer = _count = 0;
                }
            }
        }

        public byte[] ToArray()
        {
            if (_count > 0)
            {
                _bytes.Add((byte)(_buffer << (8 - _count)));
                _buffer = _count = 0;
            }

            return [.. _bytes];
        }
    }
}
