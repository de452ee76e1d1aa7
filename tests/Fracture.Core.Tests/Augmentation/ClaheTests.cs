using Fracture.Core.Augmentation;
using Fracture.Core.Imaging;

namespace Fracture.Core.Tests.Augmentation;

public class ClaheTests
{
    [Fact]
    public void Low_contrast_image_is_spread_over_a_much_wider_range()
    {
        var image = LowContrast(128, 96);

        var clip4 = Clahe.Apply(image, 4, 8);
        var clip2 = Clahe.Apply(image, 2, 8);

        // Input spans 41 levels (100..140). Clipping at c times the mean bin gives a slope of about c per occupied level.
        Assert.Equal(40, Span(image));
        Assert.True(Span(clip4) > 150, $"clip 4 spans {Span(clip4)} levels");
        Assert.True(Span(clip2) > 75, $"clip 2 spans {Span(clip2)} levels");
        Assert.True(Span(clip2) < Span(clip4));
    }

    [Fact]
    public void Order_of_levels_is_kept_within_a_tile()
    {
        var image = LowContrast(64, 64);

        var result = Clahe.Apply(image, 3, 1); // one tile: a single monotone mapping

        for (var i = 1; i < image.Pixels.Length; i++)
        {
            if (image.Pixels[i] > image.Pixels[i - 1])
            {
                Assert.True(result.Pixels[i] >= result.Pixels[i - 1]);
            }
        }
    }

    [Theory]
    [InlineData(100, 100, 8)]
    [InlineData(97, 61, 8)] // uneven tiles
    [InlineData(30, 20, 7)]
    public void Constant_image_stays_constant(int width, int height, int tiles)
    {
        var image = Patterns.Solid(width, height, PixelFormat.Gray8, 100);

        var result = Clahe.Apply(image, 2, tiles);

        // Clipped at 2 of 256 bins' mean, the rest filled evenly: 100 * (1 - 2/256) + 255 * 2/256 = 101.2.
        Assert.All(result.Pixels, v => Assert.Equal(101, v));
    }

    [Fact]
    public void Clip_limit_one_is_the_identity_up_to_rounding()
    {
        var image = LowContrast(128, 96);
        var noise = Patterns.Noise(50, 40, PixelFormat.Gray8, seed: 5);

        foreach (var input in new[] { image, noise })
        {
            var result = Clahe.Apply(input, 1, 8);
            for (var i = 0; i < input.Pixels.Length; i++)
            {
                Assert.InRange(result.Pixels[i] - input.Pixels[i], -1, 1);
            }
        }
    }

    [Fact]
    public void Rgb_is_equalised_on_luminance_and_written_to_all_channels()
    {
        var grey = LowContrast(64, 48);
        var rgb = grey.ToFormat(PixelFormat.Rgb24);

        var fromGrey = Clahe.Apply(grey, 3, 4);
        var fromRgb = Clahe.Apply(rgb, 3, 4);

        Assert.Equal(PixelFormat.Rgb24, fromRgb.Format);
        Assert.Equal(fromGrey.ToFormat(PixelFormat.Rgb24).Pixels, fromRgb.Pixels);
    }

    [Fact]
    public void Tiles_beyond_the_image_size_are_capped()
    {
        var image = Patterns.Noise(5, 3, PixelFormat.Gray8, seed: 2);

        var result = Clahe.Apply(image, 2, 64);

        Assert.Equal((5, 3), (result.Width, result.Height));
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        var image = Patterns.Solid(4, 4, PixelFormat.Gray8, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => Clahe.Apply(image, 0.5, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clahe.Apply(image, double.NaN, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clahe.Apply(image, 2, 0));
    }

    /// <summary>Levels 100..140 in a diagonal ramp, so every tile holds all 41 levels about equally.</summary>
    private static DecodedImage LowContrast(int width, int height)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)(100 + ((x + (3 * y)) % 41));
            }
        }

        return new DecodedImage(width, height, PixelFormat.Gray8, pixels);
    }

    private static int Span(DecodedImage image) => image.Pixels.Max() - image.Pixels.Min();
}
