using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

public class LetterboxTests
{
    private static bool RowIsPad(DecodedImage image, int y, byte pad = 114) => image.Row(y).ToArray().All(p => p == pad);

    private static bool ColumnIsPad(DecodedImage image, int x, byte pad = 114) =>
        Enumerable.Range(0, image.Height).All(y => TestImages.At(image, x, y).All(p => p == pad));

    [Fact]
    public void Landscape_into_square_pads_top_and_bottom_equally()
    {
        var source = TestImages.Gradient(640, 480);

        var (image, transform) = Letterbox.Apply(source, 640, 640);

        Assert.Equal((640, 640), (image.Width, image.Height));
        Assert.Equal(new LetterboxTransform(1.0, 0, 80, 640, 480, 640, 640), transform);
        Assert.True(RowIsPad(image, 0));
        Assert.True(RowIsPad(image, 79));
        Assert.Equal(source.Row(0).ToArray(), image.Row(80).ToArray());
        Assert.Equal(source.Row(479).ToArray(), image.Row(559).ToArray());
        Assert.True(RowIsPad(image, 560));
        Assert.True(RowIsPad(image, 639));
    }

    [Fact]
    public void Odd_vertical_padding_puts_the_extra_row_at_the_bottom()
    {
        // r = 0.64, content 64 x round(32.64) = 33, spare 31: top = round(15.5 - 0.1) = 15, bottom 16.
        var (image, transform) = Letterbox.Apply(TestImages.Solid(100, 51, PixelFormat.Rgb24, 7), 64, 64);

        Assert.Equal(0.64, transform.Scale, 12);
        Assert.Equal((0.0, 15.0), (transform.PadX, transform.PadY));
        Assert.True(RowIsPad(image, 14));
        Assert.All(image.Row(15).ToArray(), p => Assert.Equal(7, p));
        Assert.All(image.Row(47).ToArray(), p => Assert.Equal(7, p));
        Assert.True(RowIsPad(image, 48));
        Assert.Equal(16, Enumerable.Range(48, 16).Count(y => RowIsPad(image, y)));
    }

    [Fact]
    public void Odd_horizontal_padding_puts_the_extra_column_on_the_right()
    {
        var (image, transform) = Letterbox.Apply(TestImages.Solid(51, 100, PixelFormat.Gray8, 0), 64, 64);

        Assert.Equal((15.0, 0.0), (transform.PadX, transform.PadY));
        Assert.True(ColumnIsPad(image, 14));
        Assert.False(ColumnIsPad(image, 15));
        Assert.False(ColumnIsPad(image, 47));
        Assert.True(ColumnIsPad(image, 48));
        Assert.Equal(1, image.Channels);
    }

    [Fact]
    public void Content_size_rounds_half_to_even_like_python()
    {
        // r = min(4/5, 10/20) = 0.5, width 5 * 0.5 = 2.5 -> 2 (Python round), spare 2 -> left 1, right 1.
        var (image, _) = Letterbox.Apply(TestImages.Solid(5, 20, PixelFormat.Gray8, 0), 4, 10);

        Assert.True(ColumnIsPad(image, 0));
        Assert.False(ColumnIsPad(image, 1));
        Assert.False(ColumnIsPad(image, 2));
        Assert.True(ColumnIsPad(image, 3));
    }

    [Fact]
    public void Small_images_are_enlarged_only_with_scaleUp()
    {
        var small = TestImages.Solid(100, 50, PixelFormat.Rgb24, 200);

        var enlarged = Letterbox.Apply(small, 640, 640);
        var kept = Letterbox.Apply(small, 640, 640, scaleUp: false);

        Assert.Equal(new LetterboxTransform(6.4, 0, 160, 100, 50, 640, 640), enlarged.Transform);
        Assert.Equal(new LetterboxTransform(1.0, 270, 295, 100, 50, 640, 640), kept.Transform);
        Assert.Equal(new byte[] { 114, 114, 114 }, TestImages.At(kept.Image, 269, 300));
        Assert.Equal(new byte[] { 200, 200, 200 }, TestImages.At(kept.Image, 270, 295));
        Assert.Equal(new byte[] { 200, 200, 200 }, TestImages.At(kept.Image, 369, 344));
        Assert.Equal(new byte[] { 114, 114, 114 }, TestImages.At(kept.Image, 370, 344));
        Assert.Equal(new byte[] { 114, 114, 114 }, TestImages.At(kept.Image, 300, 345));
    }

    [Fact]
    public void Every_pad_pixel_is_exactly_the_pad_value_and_content_is_centred()
    {
        var (image, transform) = Letterbox.Apply(TestImages.Solid(300, 200, PixelFormat.Rgb24, 10), 416, 416, padValue: 99);

        // r = 416/300, content 416 x round(277.33) = 277, spare 139: top 69, bottom 70.
        Assert.Equal(69.0, transform.PadY);
        var padRows = Enumerable.Range(0, 416).Where(y => RowIsPad(image, y, 99)).ToArray();
        Assert.Equal(139, padRows.Length);
        Assert.Equal(69, padRows.Count(y => y < 208));
        Assert.All(Enumerable.Range(69, 277), y => Assert.All(image.Row(y).ToArray(), p => Assert.Equal(10, p)));
    }

    [Fact]
    public void Content_equals_a_plain_resize_to_the_content_size()
    {
        var source = TestImages.Gradient(60, 45);

        var (image, transform) = Letterbox.Apply(source, 32, 32);
        var resized = ImageResizer.Resize(source, 32, 24);

        Assert.Equal(4.0, transform.PadY);
        for (var y = 0; y < 24; y++)
        {
            Assert.Equal(resized.Row(y).ToArray(), image.Row(y + 4).ToArray());
        }
    }

    [Fact]
    public void Coordinates_round_trip_through_the_letterbox()
    {
        var transform = Letterbox.Plan(1280, 720, 640, 640);

        Assert.Equal(new LetterboxTransform(0.5, 0, 140, 1280, 720, 640, 640), transform);
        Assert.Equal(new PixelPoint(50, 190), transform.ToTarget(new PixelPoint(100, 100)));
        var point = new PixelPoint(1001.25, 333.5);
        var back = transform.ToSource(transform.ToTarget(point));
        Assert.Equal(point.X, back.X, 9);
        Assert.Equal(point.Y, back.Y, 9);
        var box = new PixelBox(10, 20, 500, 700);
        Assert.Equal(box, transform.ToSource(transform.ToTarget(box)));
        Assert.Equal(new PixelBox(5, 150, 250, 490), transform.ToTarget(box));
    }

    [Fact]
    public void Boxes_reaching_into_the_padding_are_clipped_to_the_source()
    {
        var transform = Letterbox.Plan(1280, 720, 640, 640);

        // Target y 100 is inside the top padding (140 rows); 600 is in the bottom padding.
        var box = transform.ToSource(new PixelBox(-5, 100, 700, 600));

        Assert.Equal(new PixelBox(0, 0, 1280, 720), box);
    }

    [Fact]
    public void Letterbox_keeps_provenance_and_the_input_untouched()
    {
        var source = new DecodedImage(4, 2, PixelFormat.Gray8, [1, 2, 3, 4, 5, 6, 7, 8]) { SourceWidth = 40, SourceHeight = 20 };

        var (image, _) = Letterbox.Apply(source, 8, 8);

        Assert.Equal((40, 20), (image.SourceWidth, image.SourceHeight));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, source.Pixels);
    }
}
