namespace Fracture.Core.Imaging;

/// <summary>
/// Refuses an image with (nearly) one grey level. The models answer anything they are given, and on a uniform grey
/// image the shipped classifier calls a fracture (p 0.67 against its threshold 0.60): a blank upload (a failed export,
/// the wrong file) must be an error, not a finding. No X-ray comes close: its levels span most of the range.
/// </summary>
public static class BlankImage
{
    /// <summary>Most grey levels between the darkest and the brightest sample of an image called blank (JPEG noise).</summary>
    public const int MaxSpread = 8;

    public static bool IsBlank(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = image.Pixels.AsSpan(0, image.Stride * image.Height);
        int min = byte.MaxValue, max = byte.MinValue;
        foreach (var value in pixels)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            if (max - min > MaxSpread)
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="ImageDecodeException"><see cref="ImageDecodeError.Blank"/> when <see cref="IsBlank"/>.</exception>
    public static DecodedImage Require(DecodedImage image)
    {
        if (IsBlank(image))
        {
            throw new ImageDecodeException(
                ImageDecodeError.Blank,
                $"the image is blank (all its {image.Width}x{image.Height} pixels within {MaxSpread} grey levels): nothing to read; was the right file sent?");
        }

        return image;
    }
}
