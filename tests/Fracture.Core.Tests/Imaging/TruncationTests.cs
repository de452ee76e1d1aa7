using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using SkiaSharp;

namespace Fracture.Core.Tests.Imaging;

public class TruncationTests
{
    private static readonly DecodedImage Scene = TestImages.Blobs(256, 192, 11);

    [Fact]
    public void Half_a_jpeg_decodes_partially_when_allowed()
    {
        var jpeg = TestImages.EncodeWithSkia(Scene, SKEncodedImageFormat.Jpeg, 90);
        var full = ImageDecoder.Decode(jpeg);

        var partial = ImageDecoder.Decode(jpeg[..(jpeg.Length / 2)]);

        Assert.True(partial.Truncated);
        Assert.False(full.Truncated);
        Assert.Equal((256, 192), (partial.Width, partial.Height));
        var topRows = 256 * 3 * 32;
        Assert.Equal(full.Pixels.AsSpan(0, topRows).ToArray(), partial.Pixels.AsSpan(0, topRows).ToArray());
        var lastRow = partial.Row(191).ToArray();
        Assert.NotEqual(full.Row(191).ToArray(), lastRow);
    }

    [Fact]
    public void Half_a_jpeg_throws_truncated_when_not_allowed()
    {
        var jpeg = TestImages.EncodeWithSkia(Scene, SKEncodedImageFormat.Jpeg, 90);
        using var folder = new TempFolder();
        var path = folder.File("half.jpg");
        File.WriteAllBytes(path, jpeg[..(jpeg.Length / 2)]);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(path, new DecodeOptions(AllowTruncated: false)));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
        Assert.Equal(path, error.Path);
        Assert.Equal("half.jpg: JPEG data ends before the image is complete", error.Message);
    }

    [Fact]
    public void Truncated_png_decodes_partially_via_skia()
    {
        var png = TestImages.EncodeWithSkia(Scene, SKEncodedImageFormat.Png);

        var partial = ImageDecoder.Decode(png[..(png.Length * 3 / 4)], new DecodeOptions(PixelFormat.Gray8));

        Assert.True(partial.Truncated);
        Assert.Equal(Scene.ToFormat(PixelFormat.Gray8).Pixels.AsSpan(0, 256 * 10).ToArray(), partial.Pixels.AsSpan(0, 256 * 10).ToArray());
    }

    [Fact]
    public void A_png_cut_after_its_last_row_is_still_truncated()
    {
        // Cut inside the last IDAT chunk's checksums: every row is decodable, but the file ends before IEND.
        var png = TestImages.EncodeWithSkia(Scene, SKEncodedImageFormat.Png);
        var iend = png.Length - 12;
        foreach (var cut in new[] { iend - 5, iend - 4, iend - 1, iend })
        {
            var bytes = png[..cut];

            var lenient = ImageDecoder.Decode(bytes);
            var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes, new DecodeOptions(AllowTruncated: false)));

            Assert.True(lenient.Truncated, $"cut at {cut}");
            Assert.Equal(ImageDecodeError.Truncated, error.Error);
        }

        Assert.False(ImageDecoder.Decode(png, new DecodeOptions(AllowTruncated: false)).Truncated);
    }

    [Fact]
    public void Corrupt_png_image_data_after_a_valid_header_is_corrupt()
    {
        var idat = new byte[300];
        new Random(1).NextBytes(idat);
        var png = TestPngWriter.Concat(
            TestPngWriter.Signature,
            TestPngWriter.Ihdr(20, 20, 8, 2),
            TestPngWriter.Chunk("IDAT", idat),
            TestPngWriter.Chunk("IEND", []));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Equal("image data: PNG image data is corrupt (decoding stopped early although the file is complete)", error.Message);
    }

    [Fact]
    public void Truncated_bmp_is_reported_as_truncated()
    {
        var bmp = TestImages.Bmp24(Scene);

        var partial = ImageDecoder.Decode(bmp[..(bmp.Length / 2)]);

        Assert.True(partial.Truncated);
        // BMP stores rows bottom-up, so the bottom rows survive.
        Assert.Equal(Scene.Row(191).ToArray(), partial.Row(191).ToArray());
    }

    [Fact]
    public void Truncated_webp_is_reported_as_truncated()
    {
        var webp = TestImages.EncodeWithSkia(Scene, SKEncodedImageFormat.Webp, 90);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(webp[..(webp.Length / 2)]));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
    }

    [Fact]
    public void Jpeg_without_a_frame_header_is_corrupt()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0xFF, 0xD9];

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadInfo(jpeg));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Contains("no frame header", error.Message, StringComparison.Ordinal);
    }
}
