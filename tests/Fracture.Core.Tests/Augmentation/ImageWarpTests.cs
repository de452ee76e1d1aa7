using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;

namespace Fracture.Core.Tests.Augmentation;

public class ImageWarpTests
{
    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Identity_copies_every_pixel(PixelFormat format)
    {
        var image = Patterns.Noise(13, 7, format, seed: 1);

        var warped = ImageWarp.Apply(image, AffineTransform.Identity, 13, 7, 114);

        Assert.Equal(format, warped.Format);
        Assert.Equal(image.Pixels, warped.Pixels);
        Assert.NotSame(image.Pixels, warped.Pixels);
    }

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Horizontal_flip_moves_pixel_x_y_to_width_minus_one_minus_x(PixelFormat format)
    {
        var image = Patterns.Noise(11, 6, format, seed: 2);

        var flipped = ImageWarp.Apply(image, AffineTransform.HorizontalFlip(11), 11, 6, 0);

        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 11; x++)
            {
                for (var c = 0; c < image.Channels; c++)
                {
                    Assert.Equal(Patterns.At(image, x, y, c), Patterns.At(flipped, 10 - x, y, c));
                }
            }
        }
    }

    [Fact]
    public void Quarter_turn_of_a_non_square_image_puts_each_pixel_where_the_matrix_says()
    {
        // 7 wide, 4 high -> 4 wide, 7 high: turn about the origin, then shift down by the old width.
        var image = Patterns.Solid(7, 4, PixelFormat.Rgb24, 10);
        Patterns.Set(image, 5, 1, [200, 150, 100]);
        var turn = AffineTransform.Rotation(90).Then(AffineTransform.Translation(0, 7));

        var turned = ImageWarp.Apply(image, turn, 4, 7, 0);

        var centre = turn.Apply(new PixelPoint(5.5, 1.5));
        var (tx, ty) = ((int)Math.Floor(centre.X), (int)Math.Floor(centre.Y));
        Assert.Equal((1, 1), (tx, ty)); // (x, y) -> (y, W - 1 - x)
        Assert.Equal([200, 150, 100], Patterns.Pixel(turned, tx, ty));
        Assert.Equal(3 * 10 * ((4 * 7) - 1) + 450, turned.Pixels.Sum(b => b)); // every other pixel is background
    }

    [Fact]
    public void Whole_pixel_shift_moves_values_and_pads_the_uncovered_part()
    {
        var image = Patterns.Noise(8, 5, PixelFormat.Gray8, seed: 3);

        var shifted = ImageWarp.Apply(image, AffineTransform.Translation(3, -2), 8, 5, 114);

        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                var expected = x >= 3 && y + 2 < 5 ? Patterns.At(image, x - 3, y + 2, 0) : 114;
                Assert.Equal(expected, Patterns.At(shifted, x, y, 0));
            }
        }
    }

    [Fact]
    public void Half_pixel_shift_blends_neighbours_and_the_border_fades_into_the_pad()
    {
        var image = new DecodedImage(3, 1, PixelFormat.Gray8, [0, 200, 100]);

        var shifted = ImageWarp.Apply(image, AffineTransform.Translation(0.5, 0), 3, 1, 50);

        // Output centres 0.5, 1.5, 2.5 sample source positions -0.5, 0.5, 1.5 (pixel-index units): pad/0, 0/200, 200/100.
        Assert.Equal([25, 100, 150], shifted.Pixels);
    }

    [Fact]
    public void Zoom_out_keeps_the_centre_and_pads_around()
    {
        var image = Patterns.Solid(20, 10, PixelFormat.Gray8, 200);

        var small = ImageWarp.Apply(image, AffineTransform.Scaling(0.5, 10, 5), 20, 10, 0);

        Assert.Equal(200, Patterns.At(small, 10, 5, 0));
        Assert.Equal(200, Patterns.At(small, 6, 3, 0));
        Assert.Equal(0, Patterns.At(small, 1, 1, 0));
        Assert.Equal(0, Patterns.At(small, 18, 8, 0));
    }

    [Fact]
    public void Output_may_have_another_size_and_keeps_provenance()
    {
        var image = new DecodedImage(4, 4, PixelFormat.Gray8, new byte[16]) { SourceWidth = 40, SourceHeight = 40 };

        var warped = ImageWarp.Apply(image, AffineTransform.Scaling(2), 8, 6, 0);

        Assert.Equal((8, 6), (warped.Width, warped.Height));
        Assert.Equal(40, warped.SourceWidth);
    }

    [Fact]
    public void Singular_transform_is_refused()
    {
        var image = Patterns.Solid(4, 4, PixelFormat.Gray8, 0);

        Assert.Throws<InvalidOperationException>(() => ImageWarp.Apply(image, AffineTransform.Scaling(0), 4, 4, 0));
    }
}
