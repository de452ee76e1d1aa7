using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using SkiaSharp;

namespace Fracture.Core.Tests.Imaging;

public class ExifOrientationTests
{
    private const int StoredWidth = 48;
    private const int StoredHeight = 32;
    private const int Mark = 12;

    /// <summary>Grey 48x32 JPEG with a red block in the stored top-left corner and a green one in the stored top-right.</summary>
    private static byte[] MarkedJpeg(int orientation)
    {
        var image = TestImages.Solid(StoredWidth, StoredHeight, PixelFormat.Rgb24, 128);
        for (var y = 0; y < Mark; y++)
        {
            for (var x = 0; x < Mark; x++)
            {
                Paint(image, x, y, 255, 0, 0);
                Paint(image, StoredWidth - 1 - x, y, 0, 255, 0);
            }
        }

        return TestImages.WithExifOrientation(TestImages.EncodeWithSkia(image, SKEncodedImageFormat.Jpeg, 100), orientation);
    }

    private static void Paint(DecodedImage image, int x, int y, byte r, byte g, byte b)
    {
        var i = ((y * image.Width) + x) * 3;
        (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) = (r, g, b);
    }

    /// <summary>Colour at the centre of the mark-sized block in the named corner of the decoded image.</summary>
    private static string ColourAt(DecodedImage image, string corner)
    {
        var x = corner[1] == 'L' ? Mark / 2 : image.Width - 1 - (Mark / 2);
        var y = corner[0] == 'T' ? Mark / 2 : image.Height - 1 - (Mark / 2);
        var p = TestImages.At(image, x, y);
        return p switch
        {
            [> 200, < 60, < 60] => "red",
            [< 60, > 200, < 60] => "green",
            [> 100 and < 156, > 100 and < 156, > 100 and < 156] => "grey",
            _ => $"({p[0]},{p[1]},{p[2]})",
        };
    }

    [Theory]
    [InlineData(1, "TL", "TR")] // as stored
    [InlineData(2, "TR", "TL")] // mirrored left-right
    [InlineData(3, "BR", "BL")] // rotated 180
    [InlineData(4, "BL", "BR")] // mirrored top-bottom
    [InlineData(5, "TL", "BL")] // transposed
    [InlineData(6, "TR", "BR")] // rotated 90 clockwise: stored top row becomes the right column
    [InlineData(7, "BR", "TR")] // transversed
    [InlineData(8, "BL", "TL")] // rotated 90 counter-clockwise: stored top row becomes the left column
    public void Orientation_is_applied_when_decoding(int orientation, string redCorner, string greenCorner)
    {
        var jpeg = MarkedJpeg(orientation);

        var image = ImageDecoder.Decode(jpeg);
        var info = ImageDecoder.ReadInfo(jpeg);

        var swapped = orientation >= 5;
        var expectedSize = swapped ? (StoredHeight, StoredWidth) : (StoredWidth, StoredHeight);
        Assert.Equal(expectedSize, (image.Width, image.Height));
        Assert.Equal(expectedSize, (image.SourceWidth, image.SourceHeight));
        Assert.Equal(expectedSize, (info.Width, info.Height));
        Assert.Equal((ExifOrientation)orientation, info.Orientation);
        Assert.Equal("red", ColourAt(image, redCorner));
        Assert.Equal("green", ColourAt(image, greenCorner));
        var others = new[] { "TL", "TR", "BL", "BR" }.Except([redCorner, greenCorner]);
        Assert.All(others, corner => Assert.Equal("grey", ColourAt(image, corner)));
    }

    [Fact]
    public void Orientation_6_with_MaxSide_scales_the_upright_image()
    {
        var image = ImageDecoder.Decode(MarkedJpeg(6), new DecodeOptions(PixelFormat.Gray8, MaxSide: 24));

        Assert.Equal((16, 24), (image.Width, image.Height));
        Assert.Equal((32, 48), (image.SourceWidth, image.SourceHeight));
        Assert.Equal(1, image.Channels);
    }

    [Fact]
    public void Orientation_is_applied_in_Decode16()
    {
        var wide = ImageDecoder.Decode16(MarkedJpeg(8));

        Assert.Equal((32, 48), (wide.Width, wide.Height));
        // Red (luma 76) sits bottom-left after a counter-clockwise quarter turn.
        var bottomLeft = wide.Pixels[((48 - 1 - (Mark / 2)) * 32) + (Mark / 2)];
        Assert.InRange(bottomLeft, 70 * 257, 82 * 257);
    }

    [Fact]
    public void Transform_matches_index_formulas_on_a_tiny_image()
    {
        // 3x2 image, values 0..5 row-major:  0 1 2 / 3 4 5
        int[] src = [0, 1, 2, 3, 4, 5];

        Assert.Equal([2, 1, 0, 5, 4, 3], OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.TopRight, out _, out _));
        Assert.Equal([5, 4, 3, 2, 1, 0], OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.BottomRight, out _, out _));
        Assert.Equal([3, 4, 5, 0, 1, 2], OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.BottomLeft, out _, out _));
        Assert.Equal([0, 3, 1, 4, 2, 5], OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.LeftTop, out var w, out var h));
        Assert.Equal((2, 3), (w, h));
        Assert.Equal([3, 0, 4, 1, 5, 2], OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.RightTop, out _, out _));
        Assert.Equal([5, 2, 4, 1, 3, 0], OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.RightBottom, out _, out _));
        Assert.Equal([2, 5, 1, 4, 0, 3], OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.LeftBottom, out _, out _));
        Assert.Same(src, OrientationTransform.Apply(src, 3, 2, 1, ExifOrientation.TopLeft, out _, out _));
    }
}
