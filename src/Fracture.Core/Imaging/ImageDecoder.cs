namespace Fracture.Core.Imaging;

/// <summary>
/// Reads JPEG, PNG (8 and 16 bit), BMP, WebP and TIFF (first image; 1 to 16 bit) into <see cref="DecodedImage"/>. The format comes from the
/// magic bytes, the pixel limit is checked from the header before pixel memory is allocated, EXIF orientation is
/// applied, and errors are <see cref="ImageDecodeException"/>s whose message names the file and the problem.
/// Files are only ever read. Colour profiles are not applied (raw values, as OpenCV does); alpha is dropped.
/// <para>Gray8 output from colour uses BT.601 luma (0.299 R + 0.587 G + 0.114 B, OpenCV's weights), exact for R = G = B.
/// Rgb24 output from grey sources repeats the grey value in all three channels.
/// 16-bit PNGs and TIFFs are decoded at full precision and mapped to 8 bits by a min-max window over the image's own value range.</para>
/// <para>File-system problems (missing file, no permission) surface as the usual IOException family, not as
/// <see cref="ImageDecodeException"/>. All methods are thread-safe.</para>
/// </summary>
public static class ImageDecoder
{
    // Enough for any realistic header (EXIF and ICC segments come before a JPEG's frame header).
    private const int InfoPrefixBytes = 1 << 20;

    // Files up to this size are read whole at once (X-rays are far smaller); larger ones are judged by their header first.
    private const long WholeReadBytes = 64L << 20;

    /// <summary>Size, format, depth and orientation from the header; reads at most the first megabyte unless the header runs past it.</summary>
    public static ImageInfo ReadInfo(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        var length = file.Length;
        var prefix = new byte[(int)Math.Min(length, InfoPrefixBytes)];
        file.ReadExactly(prefix);
        if (prefix.Length == length)
        {
            return ReadInfo(prefix, path);
        }

        // WebP stores EXIF after the image data, beyond the prefix: its orientation needs the whole file.
        if (HasWebpExif(prefix))
        {
            return ReadInfo(File.ReadAllBytes(path), path);
        }

        try
        {
            return ReadInfo(prefix, path);
        }
        catch (ImageDecodeException e) when (e.Error is ImageDecodeError.Truncated)
        {
            // The header runs past the prefix; read it all. (A header cut by the prefix reads as truncated, never as
            // corrupt: a corrupt one is refused as it stands, without reading a huge file whole.)
            return ReadInfo(File.ReadAllBytes(path), path);
        }
    }

    /// <summary>An extended WebP (RIFF....WEBPVP8X) whose flags say an EXIF chunk follows.</summary>
    private static bool HasWebpExif(ReadOnlySpan<byte> data) =>
        data.Length > 20 && data[..4].SequenceEqual("RIFF"u8) && data[8..16].SequenceEqual("WEBPVP8X"u8) && (data[20] & 0x08) != 0;

    public static ImageInfo ReadInfo(byte[] data) => ReadInfo(data, null);

    public static DecodedImage Decode(string path, DecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= DecodeOptions.Default;
        return Decode(ReadChecked(path, options.MaxPixels), options, path);
    }

    public static DecodedImage Decode(byte[] data, DecodeOptions? options = null) =>
        Decode(data, options ?? DecodeOptions.Default, null);

    /// <summary>
    /// Decodes to raw 16-bit grey, upright and at full size: 16-bit PNGs and TIFFs keep their values exactly (RGB ones become
    /// 16-bit luma); 8-bit sources (colour ones via BT.601 luma) are widened by 257.
    /// </summary>
    public static Gray16Image Decode16(string path, long maxPixels = DecodeOptions.DefaultMaxPixels, bool allowTruncated = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode16(ReadChecked(path, maxPixels), maxPixels, allowTruncated, path);
    }

    public static Gray16Image Decode16(byte[] data, long maxPixels = DecodeOptions.DefaultMaxPixels, bool allowTruncated = true) =>
        Decode16(data, maxPixels, allowTruncated, null);

    /// <summary>Upright output size for a long-side limit: aspect kept, long side exactly <paramref name="maxSide"/>, never enlarged.</summary>
    internal static (int Width, int Height) TargetSize(int width, int height, int? maxSide)
    {
        var longSide = Math.Max(width, height);
        if (maxSide is not { } side || side >= longSide)
        {
            return (width, height);
        }

        var scale = (double)side / longSide;
        return (Math.Clamp((int)Math.Round(width * scale), 1, side), Math.Clamp((int)Math.Round(height * scale), 1, side));
    }

    private static ImageInfo ReadInfo(byte[] data, string? path)
    {
        ArgumentNullException.ThrowIfNull(data);
        var header = ImageHeaderReader.Read(data, path);
        var orientation = ReadOrientation(data, header, path);
        var swap = OrientationTransform.SwapsAxes(orientation);
        return new ImageInfo(
            swap ? header.Height : header.Width,
            swap ? header.Width : header.Height,
            header.Format,
            header.BitsPerChannel,
            header.IsGrayscale,
            orientation);
    }

    private static DecodedImage Decode(byte[] data, DecodeOptions options, string? path)
    {
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        var header = ImageHeaderReader.Read(data, path);
        CheckLimit(header, options.MaxPixels, path);
        if (header.BitsPerChannel != 16)
        {
            return Decode8(data, header, options.Format, options.MaxSide, options.AllowTruncated, path);
        }

        var orientation = ReadOrientation(data, header, path);
        var samples = Decode16Bit(data, header, options.AllowTruncated, path, out var sampleChannels, out var truncated);
        var channels = DecodedImage.ChannelsOf(options.Format);
        var pixels = new byte[(long)header.Width * header.Height * channels];
        if (sampleChannels == 3 && options.Format == PixelFormat.Gray8)
        {
            // Luma first, window second: the window then spans the grey range actually present.
            var gray = new ushort[pixels.Length];
            PixelConverter.Rgb16ToGray16(samples, gray);
            PixelConverter.Window16To8(gray, pixels);
        }
        else if (sampleChannels == 1 && options.Format == PixelFormat.Rgb24)
        {
            var gray = new byte[(long)header.Width * header.Height];
            PixelConverter.Window16To8(samples, gray);
            PixelConverter.GrayToRgb(gray, pixels);
        }
        else
        {
            PixelConverter.Window16To8(samples, pixels);
        }

        return Finish(pixels, header.Width, header.Height, options.Format, orientation, truncated, options.MaxSide);
    }

    /// <summary>Stored pixels made upright, then shrunk to <paramref name="maxSide"/> when given.</summary>
    internal static DecodedImage Finish(
        byte[] pixels, int storedWidth, int storedHeight, PixelFormat format, ExifOrientation orientation, bool truncated, int? maxSide)
    {
        pixels = OrientationTransform.Apply(pixels, storedWidth, storedHeight, DecodedImage.ChannelsOf(format), orientation, out var width, out var height);
        var image = new DecodedImage(width, height, format, pixels) { Truncated = truncated };
        var (targetWidth, targetHeight) = TargetSize(width, height, maxSide);
        return targetWidth == width && targetHeight == height ? image : ImageResizer.Resize(image, targetWidth, targetHeight);
    }

    /// <summary>Throws <see cref="ImageDecodeError.Truncated"/> for a cut-off image when the caller wants whole images only.</summary>
    internal static void RequireComplete(bool truncated, bool allowTruncated, ImageHeader header, string? path)
    {
        if (truncated && !allowTruncated)
        {
            throw ImageDecodeException.For(
                ImageDecodeError.Truncated, path, $"{FormatNames.Display(header.Format)} data ends before the image is complete");
        }
    }

    /// <summary>8-bit decoding: TIFF by the managed decoder, every other format by Skia.</summary>
    private static DecodedImage Decode8(byte[] data, ImageHeader header, PixelFormat format, int? maxSide, bool allowTruncated, string? path) =>
        header.Format == ImageFileFormat.Tiff
            ? TiffDecoder.Decode8(data, header, format, maxSide, allowTruncated, path)
            : SkiaDecoder.Decode(data, header, format, maxSide, allowTruncated, path);

    /// <summary>TIFF's orientation comes with its header; the other formats' from Skia (EXIF).</summary>
    private static ExifOrientation ReadOrientation(byte[] data, ImageHeader header, string? path) =>
        header.Orientation ?? SkiaDecoder.ReadOrientation(data, header.Format, path);

    private static Gray16Image Decode16(byte[] data, long maxPixels, bool allowTruncated, string? path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        var header = ImageHeaderReader.Read(data, path);
        CheckLimit(header, maxPixels, path);
        if (header.BitsPerChannel != 16)
        {
            var image = Decode8(data, header, PixelFormat.Gray8, null, allowTruncated, path);
            var wide = new ushort[image.Pixels.Length];
            PixelConverter.Gray8ToGray16(image.Pixels, wide);
            return new Gray16Image(image.Width, image.Height, wide) { Truncated = image.Truncated };
        }

        var orientation = ReadOrientation(data, header, path);
        var samples = Decode16Bit(data, header, allowTruncated, path, out var channels, out var truncated);
        if (channels == 3)
        {
            var gray = new ushort[(long)header.Width * header.Height];
            PixelConverter.Rgb16ToGray16(samples, gray);
            samples = gray;
        }

        samples = OrientationTransform.Apply(samples, header.Width, header.Height, 1, orientation, out var width, out var height);
        return new Gray16Image(width, height, samples) { Truncated = truncated };
    }

    private static ushort[] Decode16Bit(byte[] data, ImageHeader header, bool allowTruncated, string? path, out int channels, out bool truncated)
    {
        var samples = header.Format == ImageFileFormat.Tiff
            ? TiffDecoder.Decode16(data, path, out channels, out truncated)
            : Png16Decoder.Decode(data, header, path, out channels, out truncated);
        RequireComplete(truncated, allowTruncated, header, path);
        return samples;
    }

    /// <summary>
    /// The file's bytes; a file over <see cref="WholeReadBytes"/> is judged from its first megabyte before it is read
    /// whole, so junk or an image over the pixel limit costs a megabyte, not its size (a 1.5 GB file named .png).
    /// </summary>
    private static byte[] ReadChecked(string path, long maxPixels)
    {
        using var file = File.OpenRead(path);
        if (file.Length > WholeReadBytes)
        {
            var prefix = new byte[InfoPrefixBytes];
            file.ReadExactly(prefix);
            try
            {
                CheckLimit(ImageHeaderReader.Read(prefix, path), maxPixels, path);
            }
            catch (ImageDecodeException e) when (e.Error is ImageDecodeError.Truncated)
            {
                // The header runs past the prefix (a JPEG with megabytes of metadata first): read it all. A cut header
                // reads as truncated, never as corrupt, so a corrupt one is refused as it is, the rest unread.
            }

            file.Position = 0;
        }

        if (file.Length > Array.MaxLength)
        {
            throw ImageDecodeException.For(ImageDecodeError.TooLarge, path, $"the file has {file.Length} bytes, more than one image may take");
        }

        var data = new byte[file.Length];
        file.ReadExactly(data);
        return data;
    }

    private static void CheckLimit(ImageHeader header, long maxPixels, string? path)
    {
        if (header.PixelCount > maxPixels)
        {
            throw ImageDecodeException.For(
                ImageDecodeError.TooLarge,
                path,
                $"{header.Width}x{header.Height} = {header.PixelCount / 1e6:F1} MP exceeds the {maxPixels / 1e6:0.###} MP limit");
        }
    }
}
