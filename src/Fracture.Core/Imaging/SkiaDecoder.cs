using System.Buffers;
using SkiaSharp;

namespace Fracture.Core.Imaging;

/// <summary>8-bit decoding through SKCodec (JPEG, PNG up to 8 bits, BMP, WebP).</summary>
internal static class SkiaDecoder
{
    public static ExifOrientation ReadOrientation(byte[] data, ImageFileFormat format, string? path)
    {
        using var session = SkiaCodecSession.Open(data, format, path);
        return ToOrientation(session.Codec.EncodedOrigin);
    }

    /// <summary>Decodes to <paramref name="format"/>, upright, with the long side shrunk to <paramref name="maxSide"/> when given.</summary>
    public static DecodedImage Decode(
        byte[] data, ImageHeader header, PixelFormat format, int? maxSide, bool allowTruncated, string? path)
    {
        using var session = SkiaCodecSession.Open(data, header.Format, path);
        var codec = session.Codec;
        var orientation = ToOrientation(codec.EncodedOrigin);
        var swap = OrientationTransform.SwapsAxes(orientation);
        int storedWidth = codec.Info.Width, storedHeight = codec.Info.Height;
        int fullWidth = swap ? storedHeight : storedWidth, fullHeight = swap ? storedWidth : storedHeight;
        var (targetWidth, targetHeight) = ImageDecoder.TargetSize(fullWidth, fullHeight, maxSide);

        var decodeSize = ChooseDecodeSize(codec, swap ? targetHeight : targetWidth, swap ? targetWidth : targetHeight);
        var sourceIsGray = codec.Info.ColorType == SKColorType.Gray8;
        var info = sourceIsGray
            ? new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);

        if ((long)info.RowBytes * info.Height > Array.MaxLength)
        {
            throw ImageDecodeException.For(
                ImageDecodeError.TooLarge, path, $"{decodeSize.Width}x{decodeSize.Height} is too large to hold in memory");
        }

        var channels = DecodedImage.ChannelsOf(format);
        // Every byte is written (Skia fills rows it could not decode), so skip zeroing.
        var pixels = GC.AllocateUninitializedArray<byte>(decodeSize.Width * decodeSize.Height * channels);
        bool truncated;
        if (sourceIsGray && format == PixelFormat.Gray8)
        {
            // Common X-ray case: Skia writes straight into the result.
            truncated = Check(codec.GetPixels(info, pixels), data, header.Format, allowTruncated, path);
        }
        else
        {
            var buffer = ArrayPool<byte>.Shared.Rent(info.BytesSize);
            try
            {
                truncated = Check(codec.GetPixels(info, buffer), data, header.Format, allowTruncated, path);
                Convert(buffer.AsSpan(0, info.BytesSize), sourceIsGray, format, pixels);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        pixels = OrientationTransform.Apply(pixels, decodeSize.Width, decodeSize.Height, channels, orientation, out var width, out var height);
        var image = new DecodedImage(width, height, format, pixels)
        {
            Truncated = truncated,
            SourceWidth = fullWidth,
            SourceHeight = fullHeight,
        };
        return width == targetWidth && height == targetHeight ? image : ImageResizer.Resize(image, targetWidth, targetHeight);
    }

    private static ExifOrientation ToOrientation(SKEncodedOrigin origin) =>
        origin is >= SKEncodedOrigin.TopLeft and <= SKEncodedOrigin.LeftBottom ? (ExifOrientation)(int)origin : ExifOrientation.TopLeft;

    /// <summary>
    /// The smallest size the codec can decode to directly (JPEG: DCT scaling by k/8) that still covers the target,
    /// so the exact resize afterwards only ever shrinks. Formats without scaled decoding return their full size.
    /// </summary>
    private static SKSizeI ChooseDecodeSize(SKCodec codec, int neededWidth, int neededHeight)
    {
        var full = codec.Info.Size;
        if (neededWidth >= full.Width && neededHeight >= full.Height)
        {
            return full;
        }

        for (var k = 1; k < 8; k++)
        {
            var size = codec.GetScaledDimensions(k / 8f);
            if (size.Width >= neededWidth && size.Height >= neededHeight && size.Width <= full.Width && size.Height <= full.Height)
            {
                return size;
            }
        }

        return full;
    }

    /// <summary>Maps the codec result to "truncated or not", throwing for the outcomes we do not accept.</summary>
    private static bool Check(SKCodecResult result, byte[] data, ImageFileFormat format, bool allowTruncated, string? path)
    {
        switch (result)
        {
            case SKCodecResult.Success when format == ImageFileFormat.Png && !FileCompleteness.IsComplete(data, format):
                // libpng stops reading after the last row, so a PNG cut inside its last checksum or before IEND
                // decodes "successfully"; the file is still cut off, and a strict caller must hear so.
                return allowTruncated
                    ? true
                    : throw ImageDecodeException.For(ImageDecodeError.Truncated, path, $"{FormatNames.Display(format)} data ends before the image is complete");
            case SKCodecResult.Success:
                return false;
            case SKCodecResult.IncompleteInput when FileCompleteness.IsComplete(data, format):
                throw ImageDecodeException.For(
                    ImageDecodeError.Corrupt, path, $"{FormatNames.Display(format)} image data is corrupt (decoding stopped early although the file is complete)");
            case SKCodecResult.IncompleteInput when allowTruncated:
                return true;
            case SKCodecResult.IncompleteInput:
                throw ImageDecodeException.For(ImageDecodeError.Truncated, path, $"{FormatNames.Display(format)} data ends before the image is complete");
            case SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput when !FileCompleteness.IsComplete(data, format):
                // Some codecs (WebP) give up on a cut-off file without a partial image.
                throw ImageDecodeException.For(ImageDecodeError.Truncated, path, $"{FormatNames.Display(format)} data ends before the image is complete");
            case SKCodecResult.Unimplemented or SKCodecResult.InvalidConversion:
                throw ImageDecodeException.For(
                    ImageDecodeError.UnsupportedFormat, path, $"this {FormatNames.Display(format)} variant cannot be decoded ({SkiaCodecSession.Describe(result)})");
            default:
                throw ImageDecodeException.For(ImageDecodeError.Corrupt, path, $"{FormatNames.Display(format)} image data is corrupt ({SkiaCodecSession.Describe(result)})");
        }
    }

    private static void Convert(ReadOnlySpan<byte> decoded, bool sourceIsGray, PixelFormat format, Span<byte> pixels)
    {
        if (sourceIsGray)
        {
            PixelConverter.GrayToRgb(decoded, pixels); // Gray8 output from grey sources never gets here
        }
        else if (format == PixelFormat.Gray8)
        {
            PixelConverter.RgbaToGray(decoded, pixels);
        }
        else
        {
            PixelConverter.RgbaToRgb(decoded, pixels);
        }
    }
}
