using System.Buffers;
using System.Runtime.InteropServices;
using Fracture.Core.IO;
using SkiaSharp;

namespace Fracture.Core.Imaging;

/// <summary>Encodes <see cref="DecodedImage"/>s with Skia: PNG for annotated outputs and debugging, JPEG for compact copies.</summary>
public static class ImageEncoder
{
    public static byte[] EncodePng(DecodedImage image) => Encode(image, SKEncodedImageFormat.Png, 100);

    /// <summary>JPEG at <paramref name="quality"/> (1-100); grey images give a one-channel JPEG.</summary>
    public static byte[] EncodeJpeg(DecodedImage image, int quality = 95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return Encode(image, SKEncodedImageFormat.Jpeg, quality);
    }

    /// <summary>
    /// Writes a PNG atomically: to a temporary file in the same folder, then renamed over <paramref name="path"/>,
    /// so readers never see a half-written image. Creates the folder if needed.
    /// </summary>
    public static void SavePng(DecodedImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = EncodePng(image);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    private static byte[] Encode(DecodedImage image, SKEncodedImageFormat format, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        var gray = image.Format == PixelFormat.Gray8;
        var info = new SKImageInfo(image.Width, image.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);

        // Skia has no 3-byte RGB layout, so RGB is widened to RGBA with opaque alpha.
        var buffer = gray ? image.Pixels : ArrayPool<byte>.Shared.Rent(info.BytesSize);
        var pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            if (!gray)
            {
                ToRgba(image.Pixels, buffer.AsSpan(0, info.BytesSize));
            }

            using var pixmap = new SKPixmap(info, pin.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(format, quality)
                ?? throw new InvalidOperationException($"Skia could not encode a {image.Width}x{image.Height} {image.Format} image as {format}");
            return data.ToArray();
        }
        finally
        {
            pin.Free();
            if (!gray)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static void ToRgba(ReadOnlySpan<byte> rgb, Span<byte> rgba)
    {
        for (int s = 0, d = 0; d < rgba.Length; s += 3, d += 4)
        {
            rgba[d] = rgb[s];
            rgba[d + 1] = rgb[s + 1];
            rgba[d + 2] = rgb[s + 2];
            rgba[d + 3] = 255;
        }
    }
}
