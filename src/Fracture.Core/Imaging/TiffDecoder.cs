namespace Fracture.Core.Imaging;

/// <summary>
/// Managed decoder for the first image of a TIFF (Skia has no TIFF codec); <see cref="TiffLayout"/> says what it
/// reads. 16-bit samples come out whole, like <see cref="Png16Decoder"/>'s, for the same windowing; fewer bits come
/// out as 8-bit grey or RGB. A block the file does not reach leaves its pixels zero and marks the image truncated;
/// a block that lies where a cut-off file cannot explain it, or that decodes short although all of it is there, is corrupt.
/// </summary>
internal static class TiffDecoder
{
    /// <summary>An 8-bit (or fewer bits) TIFF as <paramref name="format"/>, upright, shrunk to <paramref name="maxSide"/> when given.</summary>
    public static DecodedImage Decode8(byte[] data, ImageHeader header, PixelFormat format, int? maxSide, bool allowTruncated, string? path)
    {
        var layout = TiffLayout.Read(data, path);
        var converter = Convert(data, layout, path, out var truncated);
        ImageDecoder.RequireComplete(truncated, allowTruncated, header, path);

        var samples = converter.Bytes!;
        var channels = DecodedImage.ChannelsOf(format);
        byte[] pixels;
        if (channels == layout.Channels)
        {
            pixels = samples;
        }
        else
        {
            pixels = new byte[(long)layout.Width * layout.Height * channels];
            if (channels == 1)
            {
                PixelConverter.RgbToGray(samples, pixels);
            }
            else
            {
                PixelConverter.GrayToRgb(samples, pixels);
            }
        }

        return ImageDecoder.Finish(pixels, layout.Width, layout.Height, format, layout.Orientation, truncated, maxSide);
    }

    /// <summary>A 16-bit TIFF's samples row-major with 1 (grey) or 3 (RGB) channels, as stored (not yet upright).</summary>
    public static ushort[] Decode16(byte[] data, string? path, out int channels, out bool truncated)
    {
        var layout = TiffLayout.Read(data, path);
        channels = layout.Channels;
        return Convert(data, layout, path, out truncated).Words!;
    }

    private static TiffRowConverter Convert(byte[] data, TiffLayout layout, string? path, out bool truncated)
    {
        var (offsets, counts) = layout.ReadBlocks(data, path);
        var palette = layout.Photometric == 3 ? layout.ReadPalette(data, path) : null;
        truncated = CheckPlacement(data.Length, offsets, counts, layout, path);

        var rowBytes = layout.BlockRowBytes;
        if (rowBytes * layout.BlockHeight > Array.MaxLength || (long)layout.Width * layout.Height * layout.Channels > Array.MaxLength)
        {
            throw ImageDecodeException.For(
                ImageDecodeError.TooLarge, path, $"{layout.Width}x{layout.Height} TIFF is too large to hold in memory");
        }

        var converter = new TiffRowConverter(layout, palette);
        var block = new byte[rowBytes * layout.BlockHeight];
        int across = layout.BlocksAcross, down = layout.BlocksDown;

        // Planes past the colour channels hold extra samples (alpha): never read.
        var planes = layout.Planar ? layout.Channels : 1;
        for (var plane = 0; plane < planes; plane++)
        {
            for (var by = 0; by < down; by++)
            {
                var y0 = by * layout.BlockHeight;

                // The last strip holds only the rows left; tiles are always whole, padded past the image's edge.
                var rows = layout.Tiled ? layout.BlockHeight : Math.Min(layout.BlockHeight, layout.Height - y0);
                var expected = (int)(rows * rowBytes);
                for (var bx = 0; bx < across; bx++)
                {
                    var index = (((plane * down) + by) * across) + bx;
                    var produced = ReadBlock(data, offsets[index], counts[index], layout, index, block.AsSpan(0, expected), path);
                    var x0 = bx * layout.BlockWidth;
                    var width = Math.Min(layout.BlockWidth, layout.Width - x0);
                    var complete = Math.Min(rows, produced / rowBytes);
                    for (var r = 0; r < complete && y0 + r < layout.Height; r++)
                    {
                        converter.Write(block.AsSpan((int)(r * rowBytes), (int)rowBytes), x0, y0 + r, width, plane);
                    }
                }
            }
        }

        return converter;
    }

    /// <summary>Decodes one block into <paramref name="output"/>; returns the bytes it filled.</summary>
    private static int ReadBlock(byte[] data, uint offset, uint count, TiffLayout layout, int index, Span<byte> output, string? path)
    {
        var whole = (long)offset + count <= data.Length;
        var available = (int)Math.Clamp(data.Length - (long)offset, 0, count);
        int produced;
        try
        {
            produced = available == 0 ? 0 : TiffBlockReader.Read(data, (int)offset, available, layout.Compression, layout.ReverseBits, output);
        }
        catch (NotSupportedException e)
        {
            throw ImageDecodeException.For(ImageDecodeError.UnsupportedFormat, path, $"TIFF {e.Message}", e);
        }
        catch (InvalidDataException e) when (whole)
        {
            throw ImageDecodeException.For(ImageDecodeError.Corrupt, path, $"TIFF {layout.BlockName} {index} does not decompress: {e.Message}", e);
        }
        catch (InvalidDataException)
        {
            return 0; // a cut-off block that fails to decode; the image is already marked truncated
        }

        if (whole && produced < output.Length)
        {
            // All of the block is in the file, so nothing was cut: calling it truncated would let training use zero rows.
            throw ImageDecodeException.For(
                ImageDecodeError.Corrupt, path, $"TIFF {layout.BlockName} {index} holds {produced} of {output.Length} bytes although all its data is in the file");
        }

        return produced;
    }

    /// <summary>
    /// Whether the file was cut short, from where its blocks lie. A cut file loses a tail: the first block (in file
    /// order) that runs past the end must start inside the file, after the directory and its values, with no whole
    /// block after it. A block anywhere else past the end is a corrupt offset or count, not a cut.
    /// </summary>
    private static bool CheckPlacement(long length, uint[] offsets, uint[] counts, TiffLayout layout, string? path)
    {
        int first = -1;
        long lastWhole = -1;
        for (var i = 0; i < offsets.Length; i++)
        {
            if ((long)offsets[i] + counts[i] <= length)
            {
                lastWhole = Math.Max(lastWhole, offsets[i]);
            }
            else if (first < 0 || offsets[i] < offsets[first])
            {
                first = i;
            }
        }

        if (first < 0)
        {
            return false;
        }

        long start = offsets[first], end = start + counts[first];
        if (start > length || start < layout.Directory.End || lastWhole > start)
        {
            throw ImageDecodeException.For(
                ImageDecodeError.Corrupt, path, $"TIFF {layout.BlockName} {first} (bytes {start}-{end}) lies outside the {length}-byte file");
        }

        return true;
    }
}
