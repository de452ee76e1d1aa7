using System.Security.Cryptography;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using SkiaSharp;

namespace Fracture.Core.Tests.Imaging;

public class ImageDecoderTests
{
    [Fact]
    public void Png_rgb_decodes_to_exact_pixels_in_rgb_order()
    {
        var source = TestImages.Gradient(25, 17);

        var image = ImageDecoder.Decode(TestImages.EncodeWithSkia(source, SKEncodedImageFormat.Png));

        Assert.Equal(PixelFormat.Rgb24, image.Format);
        Assert.Equal(3, image.Channels);
        Assert.Equal(25 * 17 * 3, image.Pixels.Length);
        Assert.Equal(source.Pixels, image.Pixels);
        Assert.Equal(new byte[] { 40, 12, 187 }, TestImages.At(image, 10, 3)); // R = 4x, G = 4y, B = 200 - x - y
        Assert.False(image.Truncated);
        Assert.Equal((25, 17), (image.SourceWidth, image.SourceHeight));
    }

    [Fact]
    public void Bmp_decodes_bottom_up_bgr_rows_into_top_down_rgb()
    {
        var source = TestImages.Gradient(13, 9); // odd width: rows carry padding

        var image = ImageDecoder.Decode(TestImages.Bmp24(source));

        Assert.Equal(source.Pixels, image.Pixels);
    }

    [Fact]
    public void Lossless_webp_decodes_to_exact_pixels()
    {
        var source = TestImages.Gradient(20, 12);

        var image = ImageDecoder.Decode(TestImages.EncodeWithSkia(source, SKEncodedImageFormat.Webp, 100));

        Assert.Equal(ImageFileFormat.Webp, ImageDecoder.ReadInfo(TestImages.EncodeWithSkia(source, SKEncodedImageFormat.Webp, 100)).Format);
        Assert.True(TestImages.MeanAbsDifference(source.Pixels, image.Pixels) < 1.0);
    }

    [Fact]
    public void Gray8_from_rgb_uses_bt601_luma()
    {
        // Pure red, green, blue, white and an arbitrary colour.
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 200, 90];
        var png = TestImages.EncodeWithSkia(new DecodedImage(5, 1, PixelFormat.Rgb24, rgb), SKEncodedImageFormat.Png);

        var gray = ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8));

        // 0.299*255 = 76.2, 0.587*255 = 149.7, 0.114*255 = 29.1, 0.299*10 + 0.587*200 + 0.114*90 = 130.7
        Assert.Equal(new byte[] { 76, 150, 29, 255, 131 }, gray.Pixels);
        Assert.Equal(1, gray.Channels);
    }

    [Fact]
    public void Grey_stored_as_rgb_keeps_its_exact_values_in_gray8()
    {
        var rgb = new byte[256 * 3];
        for (var v = 0; v < 256; v++)
        {
            rgb[v * 3] = rgb[(v * 3) + 1] = rgb[(v * 3) + 2] = (byte)v;
        }

        var png = TestImages.EncodeWithSkia(new DecodedImage(256, 1, PixelFormat.Rgb24, rgb), SKEncodedImageFormat.Png);

        var gray = ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal(Enumerable.Range(0, 256).Select(v => (byte)v).ToArray(), gray.Pixels);
    }

    [Fact]
    public void Grey_png_to_rgb24_replicates_the_channel()
    {
        ushort[] samples = [0, 17, 128, 255, 3, 99];
        var png = TestPngWriter.Write(3, 2, 8, 0, samples);

        var rgb = ImageDecoder.Decode(png);
        var info = ImageDecoder.ReadInfo(png);

        Assert.True(info.IsGrayscale);
        Assert.Equal(8, info.BitsPerChannel);
        Assert.Equal(new byte[] { 0, 0, 0, 17, 17, 17, 128, 128, 128, 255, 255, 255, 3, 3, 3, 99, 99, 99 }, rgb.Pixels);
        Assert.Equal(new byte[] { 0, 17, 128, 255, 3, 99 }, ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8)).Pixels);
    }

    [Fact]
    public void Grey_jpeg_reports_grayscale_and_decodes_to_one_channel()
    {
        var gray = TestImages.Solid(32, 24, PixelFormat.Gray8, 90);
        var jpeg = TestImages.EncodeWithSkia(gray, SKEncodedImageFormat.Jpeg);

        var info = ImageDecoder.ReadInfo(jpeg);
        var image = ImageDecoder.Decode(jpeg, new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal(new ImageInfo(32, 24, ImageFileFormat.Jpeg, 8, true, ExifOrientation.TopLeft), info);
        Assert.All(image.Pixels, p => Assert.InRange(p, 89, 91));
    }

    [Fact]
    public void Rgb_jpeg_info_is_read_from_the_header()
    {
        var jpeg = TestImages.EncodeWithSkia(TestImages.Gradient(64, 48), SKEncodedImageFormat.Jpeg);

        var info = ImageDecoder.ReadInfo(jpeg);

        Assert.Equal(new ImageInfo(64, 48, ImageFileFormat.Jpeg, 8, false, ExifOrientation.TopLeft), info);
        Assert.False(info.SwapsAxes);
        Assert.Equal(64 * 48, info.PixelCount);
    }

    [Fact]
    public void MaxSide_shrinks_the_long_side_and_keeps_the_source_size()
    {
        var jpeg = TestImages.EncodeWithSkia(TestImages.Blobs(1024, 768, 3), SKEncodedImageFormat.Jpeg);

        var small = ImageDecoder.Decode(jpeg, new DecodeOptions(MaxSide: 320));
        var full = ImageDecoder.Decode(jpeg);
        var reference = ImageResizer.Resize(full, 320, 240);

        Assert.Equal((320, 240), (small.Width, small.Height));
        Assert.Equal((1024, 768), (small.SourceWidth, small.SourceHeight));
        Assert.Equal(320 * 240 * 3, small.Pixels.Length);
        // The DCT-scaled fast path lands close to decoding in full and resizing.
        Assert.True(TestImages.MeanAbsDifference(reference.Pixels, small.Pixels) < 2.0);
    }

    [Theory]
    [InlineData(1000, 500, 300, 300, 150)]
    [InlineData(500, 1000, 300, 150, 300)]
    [InlineData(333, 333, 100, 100, 100)]
    [InlineData(101, 3, 10, 10, 1)]
    [InlineData(640, 480, 640, 640, 480)]
    [InlineData(640, 480, 2000, 640, 480)]
    public void Target_size_for_MaxSide(int width, int height, int maxSide, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), ImageDecoder.TargetSize(width, height, maxSide));
    }

    [Fact]
    public void MaxSide_on_a_png_uses_the_exact_resize()
    {
        var source = TestImages.Solid(90, 60, PixelFormat.Rgb24, 77);

        var image = ImageDecoder.Decode(TestImages.EncodeWithSkia(source, SKEncodedImageFormat.Png), new DecodeOptions(MaxSide: 30));

        Assert.Equal((30, 20), (image.Width, image.Height));
        Assert.All(image.Pixels, p => Assert.Equal(77, p));
    }

    [Fact]
    public void Stray_bytes_before_a_jpeg_marker_are_skipped_as_libjpeg_skips_them()
    {
        // Some writers leave bytes between segments (a segment length off by a few); libjpeg warns and goes on,
        // so a reader that refused them would turn away X-rays every viewer shows.
        var jpeg = TestImages.EncodeWithSkia(TestImages.Gradient(40, 30), SKEncodedImageFormat.Jpeg);
        var firstSegmentEnd = 4 + ((jpeg[4] << 8) | jpeg[5]);
        Assert.Equal(0xFF, jpeg[firstSegmentEnd]);
        byte[] stray = [.. jpeg.AsSpan(0, firstSegmentEnd), 0x00, 0x12, 0x34, 0xFE, .. jpeg.AsSpan(firstSegmentEnd)];

        var info = ImageDecoder.ReadInfo(stray);
        var image = ImageDecoder.Decode(stray);

        Assert.Equal(ImageDecoder.ReadInfo(jpeg), info);
        Assert.Equal(ImageDecoder.Decode(jpeg).Pixels, image.Pixels);
    }

    [Fact]
    public void Stray_bytes_that_run_to_the_end_of_the_file_leave_the_jpeg_header_truncated()
    {
        // SOI, an APP0 segment, then no further marker: as libjpeg, the reader looks for one to the end.
        byte[] data = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. new byte[14], .. Enumerable.Repeat((byte)0x20, 200)];

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadInfo(data));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
    }

    [Fact]
    public void ReadInfo_finds_a_frame_header_beyond_the_first_megabyte()
    {
        // 20 maximal APP15 segments (1.3 MB) between SOI and the frame header.
        var jpeg = TestImages.EncodeWithSkia(TestImages.Gradient(30, 20), SKEncodedImageFormat.Jpeg);
        var padding = new MemoryStream();
        for (var i = 0; i < 20; i++)
        {
            padding.Write([0xFF, 0xEF, 0xFF, 0xFF]);
            padding.Write(new byte[0xFFFF - 2]);
        }

        using var folder = new TempFolder();
        var path = folder.File("padded.jpg");
        File.WriteAllBytes(path, [.. jpeg.AsSpan(0, 2), .. padding.ToArray(), .. jpeg.AsSpan(2)]);

        var info = ImageDecoder.ReadInfo(path);

        Assert.True(new FileInfo(path).Length > 1 << 20);
        Assert.Equal((30, 20, ImageFileFormat.Jpeg), (info.Width, info.Height, info.Format));
        Assert.Equal((30, 20), (ImageDecoder.Decode(path).Width, ImageDecoder.Decode(path).Height));
    }

    [Fact]
    public void Decompression_bomb_is_refused_from_the_header_without_allocating()
    {
        // IHDR claims 60000 x 60000 RGB; the tiny IDAT never gets inflated.
        var bomb = TestPngWriter.Concat(
            TestPngWriter.Signature,
            TestPngWriter.Ihdr(60000, 60000, 8, 2),
            TestPngWriter.Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
            TestPngWriter.Chunk("IEND", []));
        using var folder = new TempFolder();
        var path = folder.File("x.png");
        File.WriteAllBytes(path, bomb);
        ImageDecoder.Decode(TestPngWriter.Write(2, 2, 8, 0, [1, 2, 3, 4])); // warm up the code paths

        // Allocation, not time, is the proof that nothing was inflated: a wall-clock bound would fail on a busy machine.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Equal("x.png: 60000x60000 = 3600.0 MP exceeds the 50 MP limit", error.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");

        var info = ImageDecoder.ReadInfo(path);
        Assert.Equal((60000, 60000), (info.Width, info.Height));
    }

    [Fact]
    public void MaxPixels_is_inclusive()
    {
        var png = TestPngWriter.Write(100, 100, 8, 0, new ushort[10_000]);

        Assert.Equal(100, ImageDecoder.Decode(png, new DecodeOptions(MaxPixels: 10_000)).Width);
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png, new DecodeOptions(MaxPixels: 9_999)));
        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Equal("image data: 100x100 = 0.0 MP exceeds the 0.01 MP limit", error.Message);
    }

    [Fact]
    public void Huge_jpeg_header_is_refused_before_decoding()
    {
        var jpeg = TestImages.EncodeWithSkia(TestImages.Gradient(16, 16), SKEncodedImageFormat.Jpeg);
        var sof = FormatDetectionTests.IndexOfMarker(jpeg, 0xC0);
        jpeg[sof + 5] = jpeg[sof + 6] = jpeg[sof + 7] = jpeg[sof + 8] = 0xFF; // 65535 x 65535

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg));

        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Contains("65535x65535 = 4294.8 MP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_never_modifies_the_input_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("input.jpg");
        File.WriteAllBytes(path, TestImages.WithExifOrientation(TestImages.EncodeWithSkia(TestImages.Gradient(64, 32), SKEncodedImageFormat.Jpeg), 6));
        var hashBefore = SHA256.HashData(File.ReadAllBytes(path));
        var writtenBefore = File.GetLastWriteTimeUtc(path);

        ImageDecoder.Decode(path, new DecodeOptions(PixelFormat.Gray8, MaxSide: 16));
        ImageDecoder.ReadInfo(path);
        ImageDecoder.Decode16(path);

        Assert.Equal(hashBefore, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(writtenBefore, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var png = TestPngWriter.Write(2, 2, 8, 0, [1, 2, 3, 4]);

        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.Decode(png, new DecodeOptions(MaxSide: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.Decode(png, new DecodeOptions(MaxPixels: 0)));
    }

    [Fact]
    public void Eight_bit_source_widens_exactly_in_Decode16()
    {
        var png = TestPngWriter.Write(4, 1, 8, 0, [0, 1, 128, 255]);

        var wide = ImageDecoder.Decode16(png);

        Assert.Equal(new ushort[] { 0, 257, 32896, 65535 }, wide.Pixels);
    }
}
