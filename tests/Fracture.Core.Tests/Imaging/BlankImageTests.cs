using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

public sealed class BlankImageTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(BlankImage.MaxSpread)]
    public void Grey_levels_within_the_spread_are_blank(int spread)
    {
        var image = Gray(64, 48, (x, y) => (byte)(120 + ((x + y) % (spread + 1))));

        Assert.True(BlankImage.IsBlank(image));
        var error = Assert.Throws<ImageDecodeException>(() => BlankImage.Require(image));
        Assert.Equal(ImageDecodeError.Blank, error.Error);
        Assert.Equal("the image is blank (all its 64x48 pixels within 8 grey levels): nothing to read; was the right file sent?", error.Message);
    }

    [Fact]
    public void One_grey_level_more_is_not_blank()
    {
        var image = Gray(64, 48, (x, y) => (byte)(120 + ((x + y) % (BlankImage.MaxSpread + 2))));

        Assert.False(BlankImage.IsBlank(image));
        Assert.Same(image, BlankImage.Require(image));
    }

    [Fact]
    public void A_colour_image_counts_every_channel()
    {
        // Each pixel is uniform grey on two channels; the red channel alone carries the content.
        var pixels = new byte[32 * 32 * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = (byte)(i % 200);
            pixels[i + 1] = 128;
            pixels[i + 2] = 128;
        }

        Assert.False(BlankImage.IsBlank(new DecodedImage(32, 32, PixelFormat.Rgb24, pixels)));
        Assert.True(BlankImage.IsBlank(new DecodedImage(32, 32, PixelFormat.Rgb24, Enumerable.Repeat((byte)77, pixels.Length).ToArray())));
    }

    [Fact]
    public void No_fixture_x_ray_is_blank()
    {
        var images = Directory.GetFiles(Path.Combine(RepoPaths.RepoRoot, "fixtures", "bone-fracture-mini"), "*.jpg", SearchOption.AllDirectories);

        Assert.NotEmpty(images);
        Assert.All(images, path => Assert.False(BlankImage.IsBlank(ImageDecoder.Decode(path, new DecodeOptions(PixelFormat.Gray8))), path));
    }

    private static DecodedImage Gray(int width, int height, Func<int, int, byte> value)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = value(x, y);
            }
        }

        return new DecodedImage(width, height, PixelFormat.Gray8, pixels);
    }
}
