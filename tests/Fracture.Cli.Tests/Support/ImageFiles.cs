using SkiaSharp;

namespace Fracture.Cli.Tests.Support;

/// <summary>Real image files for synthetic datasets, encoded with SkiaSharp directly (not through Fracture's encoder).</summary>
internal static class ImageFiles
{
    /// <summary>Writes a grey gradient of the given size as PNG or JPEG, chosen by the file extension.</summary>
    public static void Write(string path, int width, int height)
    {
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            var other => throw new ArgumentException($"no encoder for '{other}'", nameof(path)),
        };
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = (byte)((x + y) % 256);
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }

        using var data = bitmap.Encode(format, 90);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Width and height as displayed: EXIF orientations that turn the image by 90 degrees swap them.</summary>
    public static (int Width, int Height) DisplaySize(string path)
    {
        using var codec = SKCodec.Create(path) ?? throw new InvalidOperationException($"cannot decode {path}");
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        return codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom
            ? (h, w)
            : (w, h);
    }
}
