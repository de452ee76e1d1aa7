using Fracture.Core.Imaging;

namespace Fracture.Core.Augmentation;

/// <summary>
/// Brightness, contrast and gamma as one 256-entry look-up table per image, so the per-pixel cost is one table read.
/// For an input level v (0..255) the table holds
/// round(255 * (clamp((v - 128) * contrast + 128 + brightness * 255, 0, 255) / 255) ^ gamma), rounding halves up.
/// Contrast pivots on mid-grey 128 rather than the image mean: the table then depends only on the random draws,
/// needs no pass over the pixels, and is not thrown off by the black borders and collimation that dominate many
/// X-rays' means.
/// </summary>
public static class PhotometricAugmenter
{
    /// <summary>The table for one setting: <paramref name="brightness"/> as a fraction of 255 (0 = none), factors 1 = none.</summary>
    public static byte[] BuildLut(double brightness, double contrast, double gamma)
    {
        if (!double.IsFinite(brightness))
        {
            throw new ArgumentOutOfRangeException(nameof(brightness), brightness, "brightness must be finite");
        }

        if (!(contrast >= 0) || double.IsInfinity(contrast))
        {
            throw new ArgumentOutOfRangeException(nameof(contrast), contrast, "contrast is a factor and must be finite and >= 0");
        }

        if (!(gamma > 0) || double.IsInfinity(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma is an exponent and must be finite and > 0");
        }

        var lut = new byte[256];
        var offset = brightness * 255;
        for (var v = 0; v < 256; v++)
        {
            var level = Math.Clamp(((v - 128) * contrast) + 128 + offset, 0, 255);
            if (gamma != 1)
            {
                level = 255 * Math.Pow(level / 255, gamma);
            }

            lut[v] = (byte)Math.Round(level, MidpointRounding.AwayFromZero);
        }

        return lut;
    }

    /// <summary>
    /// A random table for <paramref name="options"/>, or null when it would change nothing. Draws from
    /// <paramref name="rng"/> only for non-zero ranges, in the order brightness, contrast, gamma.
    /// </summary>
    public static byte[]? RandomLut(AugmentationOptions options, Random rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        if (options.IsPhotometricIdentity)
        {
            return null;
        }

        var brightness = Uniform(rng, options.Brightness);
        var contrast = 1 + Uniform(rng, options.Contrast);
        var gamma = 1 + Uniform(rng, options.Gamma);
        var lut = BuildLut(brightness, contrast, gamma);
        return IsIdentity(lut) ? null : lut;
    }

    /// <summary>A new image with every channel value v replaced by lut[v]; the input is not modified.</summary>
    public static DecodedImage Apply(DecodedImage image, byte[] lut)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = new byte[image.Pixels.Length];
        Map(image.Pixels, pixels, lut);
        return image.WithPixels(image.Width, image.Height, image.Format, pixels);
    }

    /// <summary>Maps <paramref name="source"/> through <paramref name="lut"/> into <paramref name="target"/> (may be the same buffer).</summary>
    internal static void Map(ReadOnlySpan<byte> source, Span<byte> target, byte[] lut)
    {
        ArgumentNullException.ThrowIfNull(lut);
        if (lut.Length != 256)
        {
            throw new ArgumentException($"A look-up table has 256 entries, got {lut.Length}.", nameof(lut));
        }

        for (var i = 0; i < source.Length; i++)
        {
            target[i] = lut[source[i]];
        }
    }

    private static bool IsIdentity(byte[] lut)
    {
        for (var v = 0; v < 256; v++)
        {
            if (lut[v] != v)
            {
                return false;
            }
        }

        return true;
    }

    private static double Uniform(Random rng, double range) => range == 0 ? 0 : ((rng.NextDouble() * 2) - 1) * range;
}
