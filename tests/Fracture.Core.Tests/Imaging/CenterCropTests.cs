using Fracture.Core.Imaging;

namespace Fracture.Core.Tests.Imaging;

public sealed class CenterCropTests
{
    [Fact]
    public void A_wide_image_keeps_its_middle_square()
    {
        // 300x100, white in columns 100..199, black beside. Scale 32/100 = 0.32 gives 96x32; the crop starts at
        // column (96 - 32) / 2 = 32, which averages source columns [100, 103.125): all of the kept square is white.
        var image = Columns(300, 100, x => x is >= 100 and < 200 ? (byte)255 : (byte)0);

        var cropped = CenterCrop.Apply(image, 32, 32);

        Assert.Equal((32, 32), (cropped.Width, cropped.Height));
        Assert.All(cropped.Pixels, p => Assert.Equal(255, p));
        Assert.Equal((96, 32), CenterCrop.CoverSize(300, 100, 32, 32));
        Assert.Equal((32, 96), CenterCrop.CoverSize(100, 300, 32, 32));
    }

    [Theory]
    [InlineData(101, 0)] // spare 1: round(0.5) = 0, half to even
    [InlineData(103, 2)] // spare 3: round(1.5) = 2
    [InlineData(102, 1)]
    public void An_odd_spare_column_is_split_as_python_rounds(int width, int left)
    {
        var image = Columns(width, 100, x => (byte)x);

        var cropped = CenterCrop.Apply(image, 100, 100);

        Assert.Equal(left, cropped.Pixels[0]);
        Assert.Equal(left + 99, cropped.Pixels[(99 * 3) + 1]);
    }

    [Fact]
    public void A_rectangular_target_is_covered_then_cut()
    {
        // 200x100 into 64x48: the height decides (48 / 100), width 96, crop from column 16.
        Assert.Equal((96, 48), CenterCrop.CoverSize(200, 100, 64, 48));
        var cropped = CenterCrop.Apply(Columns(200, 100, _ => 7), 64, 48);

        Assert.Equal((64, 48), (cropped.Width, cropped.Height));
        Assert.All(cropped.Pixels, p => Assert.Equal(7, p));
    }

    [Fact]
    public void Grey_stays_grey_and_provenance_is_kept()
    {
        var image = new DecodedImage(50, 40, PixelFormat.Gray8, new byte[2000]) { SourceWidth = 500, SourceHeight = 400 };

        var cropped = CenterCrop.Apply(image, 20, 20);

        Assert.Equal(PixelFormat.Gray8, cropped.Format);
        Assert.Equal((500, 400), (cropped.SourceWidth, cropped.SourceHeight));
    }

    private static DecodedImage Columns(int width, int height, Func<int, byte> value)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            pixels[i * 3] = pixels[(i * 3) + 1] = pixels[(i * 3) + 2] = value(i % width);
        }

        return new DecodedImage(width, height, PixelFormat.Rgb24, pixels);
    }
}
