using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Fracture.Core.Imaging;

/// <summary>
/// Managed decoder for 16-bit PNGs. Skia cannot keep their precision: it strips 16-bit grey to 8 bits and refuses
/// Rgba16161616 output (only half floats, which lose the low bits near white). Medical images need all 16 bits,
/// so this reads the chunks, inflates IDAT with ZLibStream and undoes the row filters itself.
/// Alpha is dropped; gamma and colour profiles are ignored (raw detector values are what we want).
/// </summary>
internal static class Png16Decoder
{
    // Adam7 passes: first column, first row, column step, row step.
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    private static readonly (int X0, int Y0, int Dx, int Dy)[] SinglePass = [(0, 0, 1, 1)];

    /// <summary>Samples row-major with 1 (grey) or 3 (RGB) channels; rows the file does not reach are zero.</summary>
    public static ushort[] Decode(byte[] data, ImageHeader header, string? path, out int channels, out bool truncated)
    {
        if (header.Format != ImageFileFormat.Png || header.BitsPerChannel != 16)
        {
            throw new ArgumentException("not a 16-bit PNG", nameof(header));
        }

        var fileComplete = CollectImageData(data, path, out var compressed);
        var samplesPerPixel = header.PngColorType switch { 0 => 1, 4 => 2, 2 => 3, _ => 4 };
        channels = samplesPerPixel < 3 ? 1 : 3;
        var bytesPerPixel = samplesPerPixel * 2;
        int width = header.Width, height = header.Height;

        var passes = header.Interlaced ? Adam7 : SinglePass;
        long rawSize = 0;
        foreach (var (x0, y0, dx, dy) in passes)
        {
            long pw = (width - x0 + dx - 1) / dx, ph = (height - y0 + dy - 1) / dy;
            rawSize += pw == 0 ? 0 : ph * (1 + (pw * bytesPerPixel));
        }

        if (rawSize > Array.MaxLength || (long)width * height * channels > Array.MaxLength)
        {
            throw ImageDecodeException.For(ImageDecodeError.TooLarge, path, $"{width}x{height} 16-bit PNG is too large to hold in memory");
        }

        var raw = new byte[rawSize];
        var available = Inflate(compressed, raw, fileComplete, path);
        if (fileComplete && available < rawSize)
        {
            // The file reaches IEND, so nothing was cut: the image data itself is short. Calling that truncation would
            // let training use the image with zero rows; the 8-bit path (SkiaDecoder) calls it corrupt too.
            throw ImageDecodeException.For(
                ImageDecodeError.Corrupt, path, $"PNG image data holds {available} of {rawSize} bytes although the file is complete");
        }

        // A file cut after its last row (inside the checksums, or before IEND) is still a cut file.
        truncated = available < rawSize || !fileComplete;

        var samples = new ushort[(long)width * height * channels];
        var offset = 0;
        foreach (var (x0, y0, dx, dy) in passes)
        {
            int pw = (width - x0 + dx - 1) / dx, ph = (height - y0 + dy - 1) / dy;
            if (pw == 0 || ph == 0)
            {
                continue;
            }

            var rowBytes = pw * bytesPerPixel;
            Span<byte> previous = new byte[rowBytes];
            for (var py = 0; py < ph; py++)
            {
                if (offset + 1 + rowBytes > available)
                {
                    return samples;
                }

                var row = raw.AsSpan(offset + 1, rowBytes);
                Unfilter(raw[offset], row, previous, bytesPerPixel, path);
                var y = y0 + (py * dy);
                for (var px = 0; px < pw; px++)
                {
                    var s = px * bytesPerPixel;
                    var d = ((y * width) + x0 + (px * dx)) * channels;
                    for (var c = 0; c < channels; c++, s += 2)
                    {
                        samples[d + c] = BinaryPrimitives.ReadUInt16BigEndian(row[s..]);
                    }
                }

                previous = row;
                offset += 1 + rowBytes;
            }
        }

        return samples;
    }

    /// <summary>Concatenates IDAT payloads, checking chunk CRCs. Returns false when the file ends before IEND.</summary>
    private static bool CollectImageData(byte[] data, string? path, out MemoryStream compressed)
    {
        compressed = new MemoryStream();
        var pos = 8;
        while (pos + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
            var type = data.AsSpan(pos + 4, 4);
            if (length > int.MaxValue)
            {
                throw ImageDecodeException.For(ImageDecodeError.Corrupt, path, $"PNG chunk at byte {pos} has an invalid length");
            }

            var payload = pos + 8;
            var end = (long)payload + length + 4;
            if (end > data.Length)
            {
                // Cut inside this chunk: keep what arrived, the caller reports truncation.
                if (type.SequenceEqual("IDAT"u8))
                {
                    compressed.Write(data, payload, (int)Math.Min(length, data.Length - payload));
                }

                break;
            }

            var crc = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(payload + (int)length));
            if (Crc32.Compute(data.AsSpan(pos + 4, 4 + (int)length)) != crc)
            {
                throw ImageDecodeException.For(
                    ImageDecodeError.Corrupt, path, $"PNG chunk '{Encoding.ASCII.GetString(type)}' at byte {pos} fails its CRC check");
            }

            if (type.SequenceEqual("IDAT"u8))
            {
                compressed.Write(data, payload, (int)length);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                compressed.Position = 0;
                return true;
            }

            pos = (int)end;
        }

        compressed.Position = 0;
        return false;
    }

    private static int Inflate(MemoryStream compressed, byte[] raw, bool fileComplete, string? path)
    {
        var total = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            int n;
            while (total < raw.Length && (n = zlib.Read(raw, total, raw.Length - total)) > 0)
            {
                total += n;
            }
        }
        catch (Exception ex) when ((ex is InvalidDataException or IOException) && fileComplete)
        {
            // IOException: zlib's own errors that .NET does not map, such as a stream asking for a preset dictionary.
            throw ImageDecodeException.For(ImageDecodeError.Corrupt, path, "PNG image data does not inflate: " + ex.Message, ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A stream cut mid-block can fail to inflate; what came out before that is still good.
        }

        return total;
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int bpp, string? path)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (var i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                break;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                break;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + previous[i]) >> 1);
                }

                break;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
                    row[i] += (byte)Paeth(left, up, upLeft);
                }

                break;
            default:
                throw ImageDecodeException.For(ImageDecodeError.Corrupt, path, $"PNG row uses unknown filter type {filter}");
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
