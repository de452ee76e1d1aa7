using System.Buffers.Binary;
using System.Text;

namespace Fracture.Core.Imaging;

/// <summary>
/// Identifies the format from magic bytes and parses just enough of the header for size, bit depth and channels.
/// Runs before Skia sees the data so the pixel limit is enforced before anything is allocated, and so errors
/// name the actual problem (wrong format, unsupported variant, cut-off header) instead of a generic decode failure.
/// </summary>
internal static class ImageHeaderReader
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];

    public static ImageHeader Read(ReadOnlySpan<byte> data, string? path)
    {
        if (data.IsEmpty)
        {
            throw ImageDecodeException.For(ImageDecodeError.Empty, path, "empty file (0 bytes)");
        }

        if (IsPrefixOrMatch(data, JpegSignature))
        {
            return ReadJpeg(data, path);
        }

        if (IsPrefixOrMatch(data, PngSignature))
        {
            return ReadPng(data, path);
        }

        if (data.StartsWith("BM"u8))
        {
            return ReadBmp(data, path);
        }

        if (data.StartsWith("RIFF"u8) && (data.Length < 12 || data[8..12].SequenceEqual("WEBP"u8)))
        {
            return ReadWebp(data, path);
        }

        // Classic TIFF (42) and BigTIFF (43), either byte order; TiffDirectory refuses BigTIFF by name.
        if (data.Length >= 4
            && ((data.StartsWith("II"u8) && data[2] is 42 or 43 && data[3] == 0) || (data.StartsWith("MM"u8) && data[2] == 0 && data[3] is 42 or 43)))
        {
            return ReadTiff(data, path);
        }

        if (RecogniseUnsupported(data) is { } name)
        {
            throw ImageDecodeException.For(
                ImageDecodeError.UnsupportedFormat, path, $"{name} images are not supported (use JPEG, PNG, BMP, WebP or TIFF)");
        }

        throw ImageDecodeException.For(ImageDecodeError.NotAnImage, path, $"not a JPEG, PNG, BMP, WebP or TIFF image ({Describe(data)})");
    }

    private static bool IsPrefixOrMatch(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        data.Length >= signature.Length ? data.StartsWith(signature) : signature.StartsWith(data);

    private static ImageDecodeException Truncated(string? path, string what) =>
        ImageDecodeException.For(ImageDecodeError.Truncated, path, $"file ends inside the {what} header");

    private static ImageDecodeException Corrupt(string? path, string detail) =>
        ImageDecodeException.For(ImageDecodeError.Corrupt, path, detail);

    private static ImageHeader ReadJpeg(ReadOnlySpan<byte> data, string? path)
    {
        var pos = 2;
        while (true)
        {
            if (pos >= data.Length)
            {
                throw Truncated(path, "JPEG");
            }

            // Bytes where a marker belongs are skipped up to the next 0xFF, as libjpeg does (it warns of "extraneous
            // bytes before marker" and decodes): some writers leave a few between segments.
            while (pos < data.Length && data[pos] != 0xFF)
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                throw Truncated(path, "JPEG");
            }

            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++; // fill bytes before a marker
            }

            if (pos >= data.Length)
            {
                throw Truncated(path, "JPEG");
            }

            var marker = data[pos++];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // markers without a length field
            }

            if (marker is 0xD9 or 0xDA)
            {
                throw Corrupt(path, "JPEG has no frame header (SOF) before its image data");
            }

            if (pos + 2 > data.Length)
            {
                throw Truncated(path, "JPEG");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (length < 2)
            {
                throw Corrupt(path, $"JPEG segment at byte {pos} has an invalid length {length}");
            }

            if (IsStartOfFrame(marker))
            {
                if (pos + 8 > data.Length)
                {
                    throw Truncated(path, "JPEG");
                }

                return JpegFrame(data.Slice(pos, 8), marker, path);
            }

            pos += length;
        }
    }

    private static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static ImageHeader JpegFrame(ReadOnlySpan<byte> sof, byte marker, string? path)
    {
        if (marker is 0xC3 or 0xC7 or 0xCB or 0xCF)
        {
            throw ImageDecodeException.For(ImageDecodeError.UnsupportedFormat, path, "lossless JPEG is not supported");
        }

        var precision = sof[2];
        if (precision != 8)
        {
            throw ImageDecodeException.For(
                ImageDecodeError.UnsupportedFormat, path, $"{precision}-bit JPEG is not supported (only 8-bit)");
        }

        var height = BinaryPrimitives.ReadUInt16BigEndian(sof[3..]);
        var width = BinaryPrimitives.ReadUInt16BigEndian(sof[5..]);
        if (width == 0 || height == 0)
        {
            throw Corrupt(path, $"JPEG frame header gives a size of {width}x{height}");
        }

        return new ImageHeader(ImageFileFormat.Jpeg, width, height, 8, IsGrayscale: sof[7] == 1);
    }

    private static ImageHeader ReadPng(ReadOnlySpan<byte> data, string? path)
    {
        const int ihdrEnd = 8 + 8 + 13 + 4;
        if (data.Length < ihdrEnd)
        {
            throw Truncated(path, "PNG");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            throw Corrupt(path, "PNG does not start with a valid IHDR chunk");
        }

        if (Crc32.Compute(data[12..29]) != BinaryPrimitives.ReadUInt32BigEndian(data[29..]))
        {
            throw Corrupt(path, "PNG header (IHDR) fails its CRC check");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        int depth = data[24], colorType = data[25], interlace = data[28];
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw Corrupt(path, $"PNG header gives a size of {width}x{height}");
        }

        var validDepth = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!validDepth || interlace > 1 || data[26] != 0 || data[27] != 0)
        {
            throw Corrupt(path, $"PNG header has an invalid combination (colour type {colorType}, bit depth {depth})");
        }

        return new ImageHeader(
            ImageFileFormat.Png,
            (int)width,
            (int)height,
            depth == 16 ? 16 : 8,
            IsGrayscale: colorType is 0 or 4,
            Interlaced: interlace == 1,
            PngColorType: colorType);
    }

    private static ImageHeader ReadBmp(ReadOnlySpan<byte> data, string? path)
    {
        if (data.Length < 18)
        {
            throw Truncated(path, "BMP");
        }

        var dibSize = BinaryPrimitives.ReadInt32LittleEndian(data[14..]);
        int width, height;
        if (dibSize == 12)
        {
            // OS/2 BITMAPCOREHEADER: 16-bit sizes.
            if (data.Length < 26)
            {
                throw Truncated(path, "BMP");
            }

            width = BinaryPrimitives.ReadInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadInt16LittleEndian(data[20..]);
        }
        else if (dibSize >= 40)
        {
            if (data.Length < 30)
            {
                throw Truncated(path, "BMP");
            }

            width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
        }
        else
        {
            throw Corrupt(path, $"BMP has an unknown header size {dibSize}");
        }

        // A negative height marks a top-down bitmap.
        if (width <= 0 || height == 0 || height == int.MinValue)
        {
            throw Corrupt(path, $"BMP header gives a size of {width}x{height}");
        }

        return new ImageHeader(ImageFileFormat.Bmp, width, Math.Abs(height), 8, IsGrayscale: false);
    }

    private static ImageHeader ReadWebp(ReadOnlySpan<byte> data, string? path)
    {
        if (data.Length < 30)
        {
            throw Truncated(path, "WebP");
        }

        var chunk = data[12..16];
        int width, height;
        if (chunk.SequenceEqual("VP8 "u8))
        {
            if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A)
            {
                throw Corrupt(path, "WebP (lossy) frame has no start code");
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF;
        }
        else if (chunk.SequenceEqual("VP8L"u8))
        {
            if (data[20] != 0x2F)
            {
                throw Corrupt(path, "WebP (lossless) stream has no signature byte");
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
        }
        else if (chunk.SequenceEqual("VP8X"u8))
        {
            width = (data[24] | (data[25] << 8) | (data[26] << 16)) + 1;
            height = (data[27] | (data[28] << 8) | (data[29] << 16)) + 1;
        }
        else
        {
            throw Corrupt(path, $"WebP has an unknown first chunk '{Encoding.ASCII.GetString(chunk)}'");
        }

        if (width == 0 || height == 0)
        {
            throw Corrupt(path, $"WebP header gives a size of {width}x{height}");
        }

        return new ImageHeader(ImageFileFormat.Webp, width, height, 8, IsGrayscale: false);
    }

    private static ImageHeader ReadTiff(ReadOnlySpan<byte> data, string? path)
    {
        var layout = TiffLayout.Read(data, path);
        return new ImageHeader(
            ImageFileFormat.Tiff,
            layout.Width,
            layout.Height,
            layout.Bits == 16 ? 16 : 8,
            IsGrayscale: layout.Channels == 1,
            Orientation: layout.Orientation);
    }

    /// <summary>Image formats we can name but do not decode.</summary>
    private static string? RecogniseUnsupported(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return "GIF";
        }

        if (data.Length >= 132 && data[128..132].SequenceEqual("DICM"u8))
        {
            return "DICOM";
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]))
        {
            return "JPEG 2000";
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) || data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]))
        {
            return "JPEG XL";
        }

        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(data[8..12]);
            if (brand is "heic" or "heix" or "hevc" or "heim" or "heis" or "mif1" or "msf1")
            {
                return "HEIF";
            }

            if (brand is "avif" or "avis")
            {
                return "AVIF";
            }
        }

        return data.StartsWith("8BPS"u8) ? "Photoshop (PSD)" : null;
    }

    /// <summary>A hint for the error message: what the bytes look like instead.</summary>
    private static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("PK\x03\x04"u8))
        {
            return "looks like a ZIP archive";
        }

        if (data.StartsWith("%PDF"u8))
        {
            return "looks like a PDF document";
        }

        var head = data[..Math.Min(data.Length, 64)];
        var isText = true;
        foreach (var b in head)
        {
            isText &= b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\n' or (byte)'\r' or >= 0x80;
        }

        if (isText)
        {
            return "looks like text";
        }

        return "starts with " + Convert.ToHexString(data[..Math.Min(data.Length, 8)]);
    }
}
