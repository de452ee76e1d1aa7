using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

public class ImageResizerTests
{
    private static DecodedImage Gray(int width, int height, params byte[] pixels) => new(width, height, PixelFormat.Gray8, pixels);

    [Fact]
    public void Halving_averages_each_2x2_block()
    {
        var image = Gray(4, 2, 10, 20, 30, 40, 50, 60, 70, 80);

        var half = ImageResizer.Resize(image, 2, 1);

        Assert.Equal(new byte[] { 35, 55 }, half.Pixels);
    }

    [Fact]
    public void Non_integer_shrink_weights_pixels_by_overlap()
    {
        // 3 -> 2: output 0 covers [0, 1.5) = 0 + half of 90; output 1 covers [1.5, 3) = half of 90 + 180.
        var shrunk = ImageResizer.Resize(Gray(3, 1, 0, 90, 180), 2, 1);

        Assert.Equal(new byte[] { 30, 150 }, shrunk.Pixels);
    }

    [Fact]
    public void Enlarging_interpolates_linearly_between_pixel_centres()
    {
        // Output centres at source x = -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
        var enlarged = ImageResizer.Resize(Gray(2, 1, 0, 100), 4, 1);

        Assert.Equal(new byte[] { 0, 25, 75, 100 }, enlarged.Pixels);
    }

    [Theory]
    [InlineData(97, 61, 13, 7)]
    [InlineData(13, 7, 97, 61)]
    [InlineData(50, 50, 17, 80)]
    public void Constant_images_stay_exactly_constant(int width, int height, int newWidth, int newHeight)
    {
        var image = TestImages.Solid(width, height, PixelFormat.Rgb24, 114);

        var resized = ImageResizer.Resize(image, newWidth, newHeight);

        Assert.Equal(newWidth * newHeight * 3, resized.Pixels.Length);
        Assert.All(resized.Pixels, p => Assert.Equal(114, p));
    }

    [Fact]
    public void Rgb_channels_are_resized_independently()
    {
        var image = TestImages.Gradient(40, 30); // R = 4x, G = 4y, B = 200 - x - y

        var half = ImageResizer.Resize(image, 20, 15);

        // Output (5, 2) averages x 10..11, y 4..5: R = 42, G = 18, B = 200 - 10.5 - 4.5 = 185.
        Assert.Equal(new byte[] { 42, 18, 185 }, TestImages.At(half, 5, 2));
    }

    [Fact]
    public void Same_size_returns_a_copy_and_provenance_is_kept()
    {
        var image = new DecodedImage(2, 1, PixelFormat.Gray8, [1, 2]) { Truncated = true, SourceWidth = 20, SourceHeight = 10 };

        var copy = ImageResizer.Resize(image, 2, 1);
        var smaller = ImageResizer.Resize(image, 1, 1);

        Assert.NotSame(image.Pixels, copy.Pixels);
        Assert.Equal(image.Pixels, copy.Pixels);
        Assert.True(smaller.Truncated);
        Assert.Equal((20, 10), (smaller.SourceWidth, smaller.SourceHeight));
    }

    [Fact]
    public void Resize_transform_maps_points_and_boxes_both_ways()
    {
        var transform = new ResizeTransform(1000, 500, 640, 640);

        Assert.Equal(0.64, transform.ScaleX, 12);
        Assert.Equal(1.28, transform.ScaleY, 12);
        Assert.Equal(new PixelPoint(64, 128), transform.ToTarget(new PixelPoint(100, 100)));
        var point = new PixelPoint(123.4, 456.7);
        var back = transform.ToSource(transform.ToTarget(point));
        Assert.Equal(point.X, back.X, 9);
        Assert.Equal(point.Y, back.Y, 9);
        Assert.Equal(new PixelBox(64, 128, 128, 256), transform.ToTarget(new PixelBox(100, 100, 200, 200)));
        // Boxes going back are clipped to the source image.
        Assert.Equal(new PixelBox(0, 250, 1000, 500), transform.ToSource(new PixelBox(-10, 320, 700, 900)));
    }

    [Fact]
    public void Transform_for_a_MaxSide_decode_maps_back_to_file_pixels()
    {
        var decoded = new DecodedImage(320, 240, PixelFormat.Gray8, new byte[320 * 240]) { SourceWidth = 1024, SourceHeight = 768 };

        var transform = ResizeTransform.ForDecoded(decoded);

        Assert.Equal(new PixelBox(320, 384, 640, 768), transform.ToSource(new PixelBox(100, 120, 200, 240)));
    }
}
