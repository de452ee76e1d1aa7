namespace Fracture.Core.Imaging;

/// <summary>
/// Ultralytics' classifier preprocessing (torchvision Resize then CenterCrop): scale the image, aspect kept, until it
/// covers the target (for a square target: shorter side to the target size, longer side truncated as torchvision
/// does), then cut the target out of the middle; the cut's offset is round((resized - target) / 2), half to even as
/// Python rounds. Resampling is <see cref="ImageResizer"/>'s (area average when shrinking, bilinear when enlarging).
/// </summary>
public static class CenterCrop
{
    /// <summary>
    /// How many times the target's area the scaled image may cover. The scaled image is made whole before the cut, so
    /// a 20000 x 1 sliver would become 4,480,000 x 224 (a gigabyte); no radiograph comes near this bound.
    /// </summary>
    public const int MaxCoverFactor = 32;

    /// <exception cref="ImageDecodeException"><see cref="ImageDecodeError.UnsupportedShape"/>: the scaled image would exceed <see cref="MaxCoverFactor"/> times the target.</exception>
    public static DecodedImage Apply(DecodedImage image, int targetWidth, int targetHeight)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetHeight, 1);
        var (width, height) = CoverSize(image.Width, image.Height, targetWidth, targetHeight);
        if ((long)width * height > (long)MaxCoverFactor * targetWidth * targetHeight)
        {
            throw new ImageDecodeException(
                ImageDecodeError.UnsupportedShape,
                $"image data: a {image.Width}x{image.Height} image is too long and thin for a classifier that centre-crops to {targetWidth}x{targetHeight} (it would be scaled to {width}x{height}; at most {MaxCoverFactor} times the crop)");
        }

        var resized = width == image.Width && height == image.Height ? image : ImageResizer.Resize(image, width, height);
        var left = (int)Math.Round((width - targetWidth) / 2.0, MidpointRounding.ToEven);
        var top = (int)Math.Round((height - targetHeight) / 2.0, MidpointRounding.ToEven);
        var channels = image.Channels;
        var rowBytes = targetWidth * channels;
        var pixels = GC.AllocateUninitializedArray<byte>(checked(targetHeight * rowBytes));
        for (var y = 0; y < targetHeight; y++)
        {
            resized.Pixels.AsSpan((((top + y) * width) + left) * channels, rowBytes).CopyTo(pixels.AsSpan(y * rowBytes));
        }

        return image.WithPixels(targetWidth, targetHeight, image.Format, pixels);
    }

    /// <summary>The smallest aspect-keeping size at least <paramref name="targetWidth"/> x <paramref name="targetHeight"/>.</summary>
    internal static (int Width, int Height) CoverSize(int width, int height, int targetWidth, int targetHeight)
    {
        // Relatively wider than the target: the height decides the scale, the width is truncated (and vice versa).
        return (long)width * targetHeight >= (long)height * targetWidth
            ? (Math.Max(targetWidth, (int)((double)targetHeight * width / height)), targetHeight)
            : (targetWidth, Math.Max(targetHeight, (int)((double)targetWidth * height / width)));
    }
}
