using Fracture.Core.Imaging;

namespace Fracture.Inference.Tests.Support;

/// <summary>Synthetic images and the repository's fixture images.</summary>
internal static class TestImages
{
    public static DecodedImage Solid(int width, int height, byte value, PixelFormat format = PixelFormat.Rgb24)
    {
        var pixels = new byte[width * height * DecodedImage.ChannelsOf(format)];
        pixels.AsSpan().Fill(value);
        return new DecodedImage(width, height, format, pixels);
    }

    /// <summary>Grey columns from <paramref name="value"/>(x), as RGB.</summary>
    public static DecodedImage Columns(int width, int height, Func<int, byte> value)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            pixels[i * 3] = pixels[(i * 3) + 1] = pixels[(i * 3) + 2] = value(i % width);
        }

        return new DecodedImage(width, height, PixelFormat.Rgb24, pixels);
    }

    /// <summary>The fixture dataset's images (X-rays of several sizes), in a fixed order.</summary>
    public static IReadOnlyList<string> Fixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var root = Path.Combine(dir.FullName, "fixtures", "bone-fracture-mini");
            if (File.Exists(Path.Combine(dir.FullName, "Fracture.slnx")))
            {
                return [.. Directory.EnumerateFiles(root, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
            }
        }

        throw new InvalidOperationException($"no Fracture.slnx above {AppContext.BaseDirectory}");
    }
}
