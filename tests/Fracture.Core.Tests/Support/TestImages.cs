using System.Buffers.Binary;
using Fracture.Core.Imaging;
using SkiaSharp;

namespace Fracture.Core.Tests.Support;

/// <summary>Synthetic images and hand-built files (JPEG via Skia directly, EXIF segments, BMP) for the imaging tests.</summary>
internal static class TestImages
{
    /// <summary>RGB with distinct, predictable channels: R = x*4, G = y*4, B = 200 - x - y (mod 256).</summary>
    public static DecodedImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)(x * 4);
                pixels[i + 1] = (byte)(y * 4);
                pixels[i + 2] = (byte)(200 - x - y);
            }
        }

        return new DecodedImage(width, height, PixelFormat.Rgb24, pixels);
    }

    public static DecodedImage Solid(int width, int height, PixelFormat format, byte value)
    {
        var pixels = new byte[width * height * DecodedImage.ChannelsOf(format)];
        pixels.AsSpan().Fill(value);
        return new DecodedImage(width, height, format, pixels);
    }

    /// <summary>A smooth grey "scene": a sum of random blobs, different per seed (for hashing tests).</summary>
    public static DecodedImage Blobs(int width, int height, int seed)
    {
        var random = new Random(seed);
        var blobs = Enumerable.Range(0, 8)
            .Select(_ => (X: random.NextDouble() * width, Y: random.NextDouble() * height, R: (0.1 + (random.NextDouble() * 0.3)) * width, A: (random.NextDouble() * 2) - 1))
            .ToArray();
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = 128.0;
                foreach (var b in blobs)
                {
                    var d2 = (((x - b.X) * (x - b.X)) + ((y - b.Y) * (y - b.Y))) / (b.R * b.R);
                    v += 100 * b.A * Math.Exp(-d2);
                }

                var i = ((y * width) + x) * 3;
                pixels[i] = pixels[i + 1] = pixels[i + 2] = (byte)Math.Clamp(v, 0, 255);
            }
        }

        return new DecodedImage(width, height, PixelFormat.Rgb24, pixels);
    }

    /// <summary>Encodes with SkiaSharp directly (not through ImageEncoder) so fixtures do not depend on the code under test.</summary>
    public static byte[] EncodeWithSkia(DecodedImage image, SKEncodedImageFormat format, int quality = 95)
    {
        var gray = image.Format == PixelFormat.Gray8;
        var info = new SKImageInfo(image.Width, image.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var span = bitmap.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var p = (y * image.Width) + x;
                if (gray)
                {
                    span[(y * bitmap.RowBytes) + x] = image.Pixels[p];
                }
                else
                {
                    var d = (y * bitmap.RowBytes) + (x * 4);
                    span[d] = image.Pixels[p * 3];
                    span[d + 1] = image.Pixels[(p * 3) + 1];
                    span[d + 2] = image.Pixels[(p * 3) + 2];
                    span[d + 3] = 255;
                }
            }
        }

        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>Inserts an APP1 Exif segment holding only the Orientation tag right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        // TIFF header (big-endian), one IFD entry: tag 0x0112, type SHORT, count 1, value, then no next IFD.
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
            0, 1,
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0,
            0, 0, 0, 0,
        ];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>A 24-bit bottom-up BMP (BGR rows padded to 4 bytes), written by hand since Skia cannot encode BMP.</summary>
    public static byte[] Bmp24(DecodedImage rgb)
    {
        var rowSize = ((rgb.Width * 3) + 3) & ~3;
        var file = new byte[54 + (rowSize * rgb.Height)];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), rgb.Width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), rgb.Height);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(34), rowSize * rgb.Height);
        for (var y = 0; y < rgb.Height; y++)
        {
            var dst = 54 + ((rgb.Height - 1 - y) * rowSize);
            for (var x = 0; x < rgb.Width; x++)
            {
                var s = ((y * rgb.Width) + x) * 3;
                file[dst + (x * 3)] = rgb.Pixels[s + 2];
                file[dst + (x * 3) + 1] = rgb.Pixels[s + 1];
                file[dst + (x * 3) + 2] = rgb.Pixels[s];
            }
        }

        return file;
    }

    /// <summary>Pixel (x, y) of an image as an array of its channels.</summary>
    public static byte[] At(DecodedImage image, int x, int y) =>
        image.Pixels.AsSpan(((y * image.Width) + x) * image.Channels, image.Channels).ToArray();

    public static double MeanAbsDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / a.Length;
    }
}
