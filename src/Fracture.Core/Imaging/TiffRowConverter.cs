using System.Buffers.Binary;

namespace Fracture.Core.Imaging;

/// <summary>
/// Turns decoded rows of TIFF blocks into the image's samples: undoes the horizontal predictor, inverts MinIsWhite,
/// looks up palettes, widens 1-, 2- and 4-bit grey to 8 bits and drops extra samples (alpha). Output is row-major
/// with <see cref="TiffLayout.Channels"/> channels: 16-bit sources into <see cref="Words"/>, the rest into
/// <see cref="Bytes"/>. Pixels no row reaches stay zero, as with a cut-off PNG.
/// </summary>
internal sealed class TiffRowConverter
{
    private readonly TiffLayout _layout;
    private readonly byte[]? _palette;
    private readonly int _stride;
    private readonly ushort[] _wide;

    public TiffRowConverter(TiffLayout layout, byte[]? palette)
    {
        _layout = layout;
        _palette = palette;
        _stride = layout.Planar ? 1 : layout.SamplesPerPixel;
        var samples = (long)layout.Width * layout.Height * layout.Channels;
        if (layout.Bits == 16)
        {
            Words = new ushort[samples];
            _wide = new ushort[layout.BlockWidth * _stride];
        }
        else
        {
            Bytes = new byte[samples];
            _wide = [];
        }
    }

    public byte[]? Bytes { get; }

    public ushort[]? Words { get; }

    /// <summary>
    /// Writes <paramref name="count"/> pixels of a block row (the whole padded row, as stored) to image row
    /// <paramref name="y"/> from column <paramref name="x"/>: all channels, or only channel <paramref name="plane"/> when planar.
    /// </summary>
    public void Write(Span<byte> row, int x, int y, int count, int plane)
    {
        var dst = (((long)y * _layout.Width) + x) * _layout.Channels;
        if (_layout.Bits == 16)
        {
            Write16(row, dst, count, plane);
        }
        else if (_layout.Bits == 8)
        {
            Write8(row, dst, count, plane);
        }
        else
        {
            WritePacked(row, dst, count);
        }
    }

    private void Write16(ReadOnlySpan<byte> row, long dst, int count, int plane)
    {
        var wide = _wide.AsSpan();
        if (_layout.Directory.BigEndian)
        {
            for (var i = 0; i < wide.Length; i++)
            {
                wide[i] = BinaryPrimitives.ReadUInt16BigEndian(row[(i * 2)..]);
            }
        }
        else
        {
            for (var i = 0; i < wide.Length; i++)
            {
                wide[i] = BinaryPrimitives.ReadUInt16LittleEndian(row[(i * 2)..]);
            }
        }

        if (_layout.HorizontalPredictor)
        {
            for (var i = _stride; i < wide.Length; i++)
            {
                wide[i] += wide[i - _stride];
            }
        }

        var words = Words!;
        var invert = _layout.Photometric == 0 ? ushort.MaxValue : 0;
        if (_layout.Channels == 1)
        {
            for (var i = 0; i < count; i++)
            {
                words[dst + i] = (ushort)(wide[i * _stride] ^ invert);
            }

            return;
        }

        Spread(wide, dst, count, plane, words);
    }

    private void Write8(Span<byte> row, long dst, int count, int plane)
    {
        if (_layout.HorizontalPredictor)
        {
            var used = _layout.BlockWidth * _stride;
            for (var i = _stride; i < used; i++)
            {
                row[i] += row[i - _stride];
            }
        }

        var bytes = Bytes!;
        if (_layout.Photometric == 3)
        {
            for (var i = 0; i < count; i++)
            {
                _palette.AsSpan(row[i * _stride] * 3, 3).CopyTo(bytes.AsSpan((int)(dst + (i * 3))));
            }
        }
        else if (_layout.Channels == 1)
        {
            var invert = _layout.Photometric == 0 ? (byte)255 : (byte)0;
            for (var i = 0; i < count; i++)
            {
                bytes[dst + i] = (byte)(row[i * _stride] ^ invert);
            }
        }
        else
        {
            Spread<byte>(row, dst, count, plane, bytes);
        }
    }

    /// <summary>RGB from chunky samples (extra ones skipped) or one planar channel.</summary>
    private void Spread<T>(ReadOnlySpan<T> samples, long dst, int count, int plane, T[] output)
    {
        if (_layout.Planar)
        {
            for (var i = 0; i < count; i++)
            {
                output[dst + (i * 3) + plane] = samples[i];
            }

            return;
        }

        for (var i = 0; i < count; i++)
        {
            var s = i * _stride;
            var d = dst + (i * 3);
            output[d] = samples[s];
            output[d + 1] = samples[s + 1];
            output[d + 2] = samples[s + 2];
        }
    }

    /// <summary>1-, 2- or 4-bit grey or palette indices, most significant bits first (one sample per pixel).</summary>
    private void WritePacked(ReadOnlySpan<byte> row, long dst, int count)
    {
        var bits = _layout.Bits;
        var max = (1 << bits) - 1;
        var bytes = Bytes!;
        for (var i = 0; i < count; i++)
        {
            var bit = i * bits;
            var v = (row[bit >> 3] >> (8 - bits - (bit & 7))) & max;
            if (_layout.Photometric == 3)
            {
                _palette.AsSpan(v * 3, 3).CopyTo(bytes.AsSpan((int)(dst + (i * 3))));
            }
            else
            {
                var grey = (byte)((v * 255) / max);
                bytes[dst + i] = _layout.Photometric == 0 ? (byte)(255 - grey) : grey;
            }
        }
    }
}
