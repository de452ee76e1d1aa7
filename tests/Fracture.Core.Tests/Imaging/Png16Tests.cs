using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

public class Png16Tests
{
    /// <summary>12-bit detector values (0..4095) in a 16-bit grey PNG, as many X-ray exports are.</summary>
    private static ushort[] TwelveBitRamp(int width, int height)
    {
        var samples = new ushort[width * height];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)(1000 + (i * 7 % 3000)); // 1000..3999, odd values included
        }

        return samples;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Grey16_keeps_every_bit_in_Decode16(bool interlaced)
    {
        var samples = TwelveBitRamp(37, 23);
        var png = TestPngWriter.Write(37, 23, 16, 0, samples, interlaced);

        var wide = ImageDecoder.Decode16(png);

        Assert.Equal((37, 23), (wide.Width, wide.Height));
        Assert.Equal(samples, wide.Pixels);
        Assert.False(wide.Truncated);
    }

    [Fact]
    public void Grey16_info_reports_16_bits()
    {
        var png = TestPngWriter.Write(5, 4, 16, 0, TwelveBitRamp(5, 4));

        Assert.Equal(new ImageInfo(5, 4, ImageFileFormat.Png, 16, true, ExifOrientation.TopLeft), ImageDecoder.ReadInfo(png));
    }

    [Fact]
    public void Grey16_maps_to_8_bits_by_a_min_max_window_not_a_shift()
    {
        // Values 1000..1255: a plain >> 8 would give 3 or 4 everywhere (black).
        var samples = Enumerable.Range(0, 256).Select(v => (ushort)(1000 + v)).ToArray();
        var png = TestPngWriter.Write(16, 16, 16, 0, samples);

        var gray = ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal(Enumerable.Range(0, 256).Select(v => (byte)v).ToArray(), gray.Pixels);
    }

    [Fact]
    public void Window_rounds_to_nearest_within_the_range()
    {
        // min 4000, max 4010: (v - min) * 255 / 10 rounded.
        ushort[] samples = [4000, 4001, 4005, 4009, 4010, 4000];
        var png = TestPngWriter.Write(6, 1, 16, 0, samples);

        var gray = ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8));
        var rgb = ImageDecoder.Decode(png);

        Assert.Equal(new byte[] { 0, 26, 128, 230, 255, 0 }, gray.Pixels);
        Assert.Equal(new byte[] { 26, 26, 26 }, TestImages.At(rgb, 1, 0));
    }

    [Fact]
    public void Constant_16_bit_image_maps_to_its_high_byte()
    {
        var png = TestPngWriter.Write(3, 3, 16, 0, Enumerable.Repeat((ushort)0x3412, 9).ToArray());

        Assert.All(ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8)).Pixels, p => Assert.Equal(0x34, p));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rgb16_windows_all_channels_together(bool interlaced)
    {
        // Two pixels: (2000, 3000, 4000) and (6000, 5000, 2000): range 2000..6000.
        ushort[] samples = [2000, 3000, 4000, 6000, 5000, 2000];
        var png = TestPngWriter.Write(2, 1, 16, 2, samples, interlaced);

        var rgb = ImageDecoder.Decode(png);

        // (v - 2000) * 255 / 4000, rounded: 0, 63.75, 127.5, 255, 191.25, 0
        Assert.Equal(new byte[] { 0, 64, 128, 255, 191, 0 }, rgb.Pixels);
        Assert.Equal(16, ImageDecoder.ReadInfo(png).BitsPerChannel);
        Assert.False(ImageDecoder.ReadInfo(png).IsGrayscale);
    }

    [Fact]
    public void Rgb16_to_gray_uses_16_bit_luma_before_the_window()
    {
        // Pixel 0 grey 10000, pixel 1 pure red 20000 (luma 5980), pixel 2 grey 30000.
        ushort[] samples = [10000, 10000, 10000, 20000, 0, 0, 30000, 30000, 30000];
        var png = TestPngWriter.Write(3, 1, 16, 2, samples);

        var gray = ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8));
        var wide = ImageDecoder.Decode16(png);

        Assert.Equal(new ushort[] { 10000, 5980, 30000 }, wide.Pixels);
        // window 5980..30000: (10000 - 5980) * 255 / 24020 = 42.7
        Assert.Equal(new byte[] { 43, 0, 255 }, gray.Pixels);
    }

    [Fact]
    public void Alpha_channels_are_dropped()
    {
        // Grey + alpha, 16 bit: grey 100 and 200, alpha anything.
        var png = TestPngWriter.Write(2, 1, 16, 4, [100, 65535, 200, 0]);

        Assert.Equal(new ushort[] { 100, 200 }, ImageDecoder.Decode16(png).Pixels);
    }

    [Fact]
    public void Truncated_16_bit_png_returns_the_rows_that_arrived()
    {
        var width = 64;
        var height = 64;
        var samples = new ushort[width * height];
        new Random(5).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan())); // incompressible
        var png = TestPngWriter.Write(width, height, 16, 0, samples);
        var half = png[..(png.Length / 2)];

        var wide = ImageDecoder.Decode16(half);

        Assert.True(wide.Truncated);
        Assert.Equal(samples.AsSpan(0, width * 8).ToArray(), wide.Pixels.AsSpan(0, width * 8).ToArray());
        Assert.All(wide.Pixels.AsSpan((height - 1) * width).ToArray(), p => Assert.Equal(0, p));
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(half, new DecodeOptions(AllowTruncated: false)));
        Assert.Equal(ImageDecodeError.Truncated, error.Error);
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode16(half, allowTruncated: false));
    }

    [Fact]
    public void A_16_bit_png_cut_after_its_last_row_is_still_truncated()
    {
        var png = TestPngWriter.Write(2, 1, 16, 0, [100, 200]);
        var beforeIend = png[..^12];

        var wide = ImageDecoder.Decode16(beforeIend);

        Assert.True(wide.Truncated);
        Assert.Equal(new ushort[] { 100, 200 }, wide.Pixels);
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode16(beforeIend, allowTruncated: false));
        Assert.False(ImageDecoder.Decode16(png, allowTruncated: false).Truncated);
    }

    [Fact]
    public void Garbage_16_bit_image_data_is_corrupt()
    {
        var idat = new byte[200];
        new Random(3).NextBytes(idat);
        var png = TestPngWriter.Concat(
            TestPngWriter.Signature,
            TestPngWriter.Ihdr(10, 10, 16, 0),
            TestPngWriter.Chunk("IDAT", idat),
            TestPngWriter.Chunk("IEND", []));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
    }

    [Fact]
    public void Image_data_asking_for_a_preset_dictionary_is_corrupt()
    {
        // zlib header 78 20: a valid check with FDICT set, then a dictionary id. .NET throws an IOException of its own
        // for this zlib code, which reached callers as an I/O error (a 500 from the server) instead of a bad image.
        var png = TestPngWriter.Concat(
            TestPngWriter.Signature,
            TestPngWriter.Ihdr(10, 10, 16, 0),
            TestPngWriter.Chunk("IDAT", [0x78, 0x20, 0x00, 0x00, 0x00, 0x01, 0x63, 0x00, 0x00]),
            TestPngWriter.Chunk("IEND", []));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Contains("does not inflate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_chunk_crc_is_corrupt()
    {
        var png = TestPngWriter.Write(8, 8, 16, 0, TwelveBitRamp(8, 8));
        png[^20] ^= 0xFF; // inside the IDAT payload

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode16(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Contains("'IDAT'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_filter_type_is_corrupt()
    {
        var raw = new byte[1 + 4]; // one row of 2 grey16 pixels
        raw[0] = 9;
        var png = TestPngWriter.WriteScanlines(2, 1, 16, 0, raw);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode16(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Contains("filter type 9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void A_complete_png_whose_data_holds_too_few_rows_is_corrupt_not_truncated(int bitDepth)
    {
        // The header says 4 x 3 grey; the data inflates to one row (filter byte 0, then the row). IEND is there, so
        // nothing was cut: reading the missing rows as zeros (a truncated file's treatment) would invent pixels.
        var oneRow = new byte[1 + (4 * bitDepth / 8)];
        oneRow.AsSpan(1).Fill(0x40);
        var png = TestPngWriter.WriteScanlines(4, 3, bitDepth, 0, oneRow);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png));
        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Equal(ImageDecodeError.Corrupt, Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode16(png)).Error);
    }

    [Fact]
    public void Sixteen_bit_png_with_MaxSide_is_resized_after_windowing()
    {
        var png = TestPngWriter.Write(40, 20, 16, 0, Enumerable.Repeat((ushort)500, 800).Concat([(ushort)1500]).Skip(1).ToArray());

        var image = ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8, MaxSide: 10));

        Assert.Equal((10, 5), (image.Width, image.Height));
        Assert.Equal((40, 20), (image.SourceWidth, image.SourceHeight));
        Assert.Equal(0, image.Pixels[0]);
    }
}
