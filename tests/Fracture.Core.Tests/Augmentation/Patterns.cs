using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Augmentation;

/// <summary>Small synthetic images and pixel accessors for the augmentation tests.</summary>
internal static class Patterns
{
    public static DecodedImage Solid(int width, int height, PixelFormat format, byte value)
    {
        var pixels = new byte[width * height * DecodedImage.ChannelsOf(format)];
        pixels.AsSpan().Fill(value);
        return new DecodedImage(width, height, format, pixels);
    }

    public static DecodedImage Noise(int width, int height, PixelFormat format, int seed)
    {
        var pixels = new byte[width * height * DecodedImage.ChannelsOf(format)];
        new Random(seed).NextBytes(pixels);
        return new DecodedImage(width, height, format, pixels);
    }

    /// <summary>A dark image with <paramref name="polygon"/> filled bright (pixel centres inside, as the rasterizer decides).</summary>
    public static DecodedImage FilledPolygon(int width, int height, PixelFormat format, IReadOnlyList<PixelPoint> polygon, byte dark, byte bright)
    {
        var mask = PolygonRasterizer.Rasterize(polygon, width, height);
        var image = Solid(width, height, format, dark);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (mask[x, y])
                {
                    Set(image, x, y, Enumerable.Repeat(bright, image.Channels).ToArray());
                }
            }
        }

        return image;
    }

    /// <summary>Pixels whose first channel is above <paramref name="threshold"/>.</summary>
    public static BinaryMask Above(DecodedImage image, int threshold)
    {
        var on = new bool[image.Width * image.Height];
        for (var i = 0; i < on.Length; i++)
        {
            on[i] = image.Pixels[i * image.Channels] > threshold;
        }

        return BinaryMask.FromPixels(image.Width, image.Height, on);
    }

    public static byte At(DecodedImage image, int x, int y, int channel) =>
        image.Pixels[(((y * image.Width) + x) * image.Channels) + channel];

    public static byte[] Pixel(DecodedImage image, int x, int y) =>
        image.Pixels.AsSpan(((y * image.Width) + x) * image.Channels, image.Channels).ToArray();

    public static void Set(DecodedImage image, int x, int y, byte[] value) =>
        value.CopyTo(image.Pixels.AsSpan(((y * image.Width) + x) * image.Channels, image.Channels));

    public static PixelPoint[] Rect(double x1, double y1, double x2, double y2) =>
        [new(x1, y1), new(x2, y1), new(x2, y2), new(x1, y2)];
}
