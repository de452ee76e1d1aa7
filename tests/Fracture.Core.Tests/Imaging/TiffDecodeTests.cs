using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

/// <summary>Every supported TIFF layout decodes to the samples it was written from.</summary>
public class TiffDecodeTests
{
    public static TheoryData<int, bool, int, bool> Layouts()
    {
        var data = new TheoryData<int, bool, int, bool>();
        foreach (var compression in new[] { 1, 5, 8, 32946, 32773 })
        {
            foreach (var bigEndian in new[] { false, true })
            {
                foreach (var predictor in new[] { 1, 2 })
                {
                    foreach (var tiled in new[] { false, true })
                    {
                        data.Add(compression, bigEndian, predictor, tiled);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>Values 0..max with some structure, so every byte position and predictor difference is exercised.</summary>
    internal static ushort[] Ramp(int count, int max, int seed = 0)
    {
        var samples = new ushort[count];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)((((i + seed) * 7919) + (i / 5 * 31)) % (max + 1));
        }

        return samples;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Grey8_decodes_to_its_samples(int compression, bool bigEndian, int predictor, bool tiled)
    {
        var samples = Ramp(37 * 23, 255);
        var spec = new TestTiff(37, 23) { Compression = compression, BigEndian = bigEndian, Predictor = predictor, Tile = tiled ? (16, 16) : null };

        var image = ImageDecoder.Decode(TestTiffWriter.Write(spec, samples), new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal((37, 23), (image.Width, image.Height));
        Assert.Equal(samples.Select(v => (byte)v), image.Pixels);
        Assert.False(image.Truncated);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Grey16_keeps_every_bit_in_Decode16(int compression, bool bigEndian, int predictor, bool tiled)
    {
        var samples = Ramp(37 * 23, 65535);
        var spec = new TestTiff(37, 23, Bits: 16) { Compression = compression, BigEndian = bigEndian, Predictor = predictor, Tile = tiled ? (16, 16) : null };

        var wide = ImageDecoder.Decode16(TestTiffWriter.Write(spec, samples));

        Assert.Equal((37, 23), (wide.Width, wide.Height));
        Assert.Equal(samples, wide.Pixels);
    }

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Grey16_decodes_exactly_like_the_same_16_bit_png(PixelFormat format)
    {
        var samples = Ramp(40 * 30, 4095); // 12-bit detector values, as many X-ray exports hold
        var tiff = TestTiffWriter.Write(new TestTiff(40, 30, Bits: 16) { Compression = 5, Predictor = 2 }, samples);
        var png = TestPngWriter.Write(40, 30, 16, 0, samples);

        var fromTiff = ImageDecoder.Decode(tiff, new DecodeOptions(format));
        var fromPng = ImageDecoder.Decode(png, new DecodeOptions(format));

        Assert.Equal(fromPng.Pixels, fromTiff.Pixels);
        Assert.Equal(new ImageInfo(40, 30, ImageFileFormat.Tiff, 16, true, ExifOrientation.TopLeft), ImageDecoder.ReadInfo(tiff));
    }

    [Fact]
    public void Rgb16_decodes_exactly_like_the_same_16_bit_png()
    {
        var samples = Ramp(9 * 7 * 3, 65535);
        var tiff = TestTiffWriter.Write(new TestTiff(9, 7, Bits: 16, SamplesPerPixel: 3, Photometric: 2) { BigEndian = true, Predictor = 2, Compression = 8 }, samples);
        var png = TestPngWriter.Write(9, 7, 16, 2, samples);

        Assert.Equal(ImageDecoder.Decode16(png).Pixels, ImageDecoder.Decode16(tiff).Pixels);
        Assert.Equal(ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8)).Pixels, ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8)).Pixels);
    }

    [Theory]
    [InlineData(8, new ushort[] { 0, 1, 254, 255 }, new byte[] { 255, 254, 1, 0 })]
    [InlineData(1, new ushort[] { 0, 1, 1, 0 }, new byte[] { 255, 0, 0, 255 })]
    [InlineData(4, new ushort[] { 0, 5, 10, 15 }, new byte[] { 255, 170, 85, 0 })]
    public void MinIsWhite_is_inverted(int bits, ushort[] stored, byte[] expected)
    {
        var tiff = TestTiffWriter.Write(new TestTiff(2, 2, Bits: bits, Photometric: 0), stored);

        Assert.Equal(expected, ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8)).Pixels);
    }

    [Fact]
    public void MinIsWhite_16_bit_is_inverted_at_full_precision()
    {
        var tiff = TestTiffWriter.Write(new TestTiff(2, 1, Bits: 16, Photometric: 0) { Compression = 5 }, [0, 1000]);

        Assert.Equal(new ushort[] { 65535, 64535 }, ImageDecoder.Decode16(tiff).Pixels);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 85)]
    [InlineData(4, 17)]
    public void Few_bit_grey_is_widened_to_8_bits(int bits, int step)
    {
        // 11 pixels a row: rows end inside a byte, and each row starts on a new byte.
        var samples = Ramp(11 * 5, (1 << bits) - 1);
        var tiff = TestTiffWriter.Write(new TestTiff(11, 5, Bits: bits) { Compression = 32773, Tile = bits == 4 ? (16, 16) : null }, samples);

        var image = ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal(samples.Select(v => (byte)(bits == 1 ? v * 255 : v * step)), image.Pixels);
        Assert.True(ImageDecoder.ReadInfo(tiff) is { BitsPerChannel: 8, IsGrayscale: true });
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 5)]
    [InlineData(true, 8)]
    public void Rgb8_chunky_and_planar_decode_to_their_samples(bool planar, int compression)
    {
        var samples = Ramp(13 * 6 * 3, 255, seed: 3);
        var spec = new TestTiff(13, 6, SamplesPerPixel: 3, Photometric: 2) { Planar = planar, Compression = compression, Predictor = planar ? 1 : 2 };

        var tiff = TestTiffWriter.Write(spec, samples);
        var rgb = ImageDecoder.Decode(tiff);
        var grey = ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal(samples.Select(v => (byte)v), rgb.Pixels);
        Assert.Equal(ImageDecoder.Decode(TestPngWriter.Write(13, 6, 8, 2, samples), new DecodeOptions(PixelFormat.Gray8)).Pixels, grey.Pixels);
        Assert.Equal(new ImageInfo(13, 6, ImageFileFormat.Tiff, 8, false, ExifOrientation.TopLeft), ImageDecoder.ReadInfo(tiff));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Alpha_is_dropped(bool planar)
    {
        var rgba = Ramp(5 * 4 * 4, 255);
        var tiff = TestTiffWriter.Write(new TestTiff(5, 4, SamplesPerPixel: 4, Photometric: 2) { Planar = planar, ExtraSamples = [2], Compression = 5 }, rgba);
        var greyAlpha = Ramp(5 * 4 * 2, 65535);
        var tiff16 = TestTiffWriter.Write(new TestTiff(5, 4, Bits: 16, SamplesPerPixel: 2) { Planar = planar, ExtraSamples = [1] }, greyAlpha);

        Assert.Equal(rgba.Where((_, i) => i % 4 != 3).Select(v => (byte)v), ImageDecoder.Decode(tiff).Pixels);
        Assert.Equal(greyAlpha.Where((_, i) => i % 2 == 0), ImageDecoder.Decode16(tiff16).Pixels);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void Palette_indices_are_looked_up(int bits)
    {
        var entries = 1 << bits;
        var map = new ushort[3 * entries];
        for (var i = 0; i < entries; i++)
        {
            (map[i], map[entries + i], map[(2 * entries) + i]) = ((ushort)(i * 257), (ushort)((entries - 1 - i) * 257), 0x8080);
        }

        var tiff = TestTiffWriter.Write(new TestTiff(3, 2, Bits: bits, Photometric: 3) { ColorMap = map, Compression = 5 }, [0, 1, 2, 3, 4, (ushort)(entries - 1)]);

        var rgb = ImageDecoder.Decode(tiff).Pixels;

        Assert.Equal(new byte[] { 0, (byte)(entries - 1), 128 }, rgb[..3]);
        Assert.Equal(new byte[] { 3, (byte)(entries - 4), 128 }, rgb[9..12]);
        Assert.Equal(new byte[] { (byte)(entries - 1), 0, 128 }, rgb[15..18]);
        Assert.False(ImageDecoder.ReadInfo(tiff).IsGrayscale);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Orientation_tag_is_applied_like_exif(int orientation)
    {
        var samples = Ramp(7 * 4, 65535);
        var stored = ImageDecoder.Decode16(TestTiffWriter.Write(new TestTiff(7, 4, Bits: 16), samples));
        var expected = OrientationTransform.Apply(stored.Pixels, 7, 4, 1, (ExifOrientation)orientation, out var width, out var height);
        var tiff = TestTiffWriter.Write(new TestTiff(7, 4, Bits: 16) { Orientation = orientation }, samples);
        var tiff8 = TestTiffWriter.Write(new TestTiff(7, 4) { Orientation = orientation }, samples.Select(v => (ushort)(v >> 8)).ToArray());

        var upright = ImageDecoder.Decode16(tiff);
        var upright8 = ImageDecoder.Decode(tiff8, new DecodeOptions(PixelFormat.Gray8));
        var info = ImageDecoder.ReadInfo(tiff);

        Assert.Equal((width, height), (upright.Width, upright.Height));
        Assert.Equal(expected, upright.Pixels);
        Assert.Equal(expected.Select(v => (byte)(v >> 8)), upright8.Pixels);
        Assert.Equal(((ExifOrientation)orientation, width, height), (info.Orientation, info.Width, info.Height));
    }

    [Fact]
    public void Directory_after_the_pixels_as_libtiff_writes_it()
    {
        var samples = Ramp(20 * 10, 255);
        var tiff = TestTiffWriter.Write(new TestTiff(20, 10) { DirectoryLast = true, Compression = 5 }, samples);

        Assert.Equal(samples.Select(v => (byte)v), ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8)).Pixels);
    }

    [Fact]
    public void Fill_order_2_reverses_the_bits_of_each_byte()
    {
        var samples = Ramp(10 * 3, 1);
        var spec = new TestTiff(10, 3, Bits: 1) { Tags = { [266] = (3, [2]) } };
        var tiff = TestTiffWriter.Write(spec, samples);
        var dataAt = tiff.Length - 6; // three rows of two bytes, last in the file
        for (var i = dataAt; i < tiff.Length; i++)
        {
            tiff[i] = (byte)Enumerable.Range(0, 8).Sum(bit => ((tiff[i] >> bit) & 1) << (7 - bit));
        }

        Assert.Equal(samples.Select(v => (byte)(v * 255)), ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8)).Pixels);
    }

    [Fact]
    public void A_loop_in_the_directory_chain_is_never_followed()
    {
        // IFD 0 names itself as the next directory; only IFD 0 is read, so this cannot loop.
        var tiff = TestTiffWriter.Write(new TestTiff(4, 4) { NextDirectory = 8 }, Ramp(16, 255));

        Assert.Equal(16, ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8)).Pixels.Length);
    }

    [Fact]
    public void MaxSide_shrinks_a_tiff_like_any_other_image()
    {
        var samples = Ramp(200 * 100, 65535);
        var tiff = TestTiffWriter.Write(new TestTiff(200, 100, Bits: 16) { Compression = 8 }, samples);
        var png = TestPngWriter.Write(200, 100, 16, 0, samples);

        var small = ImageDecoder.Decode(tiff, new DecodeOptions(PixelFormat.Gray8, MaxSide: 50));

        Assert.Equal((50, 25), (small.Width, small.Height));
        Assert.Equal(ImageDecoder.Decode(png, new DecodeOptions(PixelFormat.Gray8, MaxSide: 50)).Pixels, small.Pixels);
    }

    [Fact]
    public void Files_are_read_from_disk_by_their_bytes()
    {
        using var folder = new TempFolder();
        var path = folder.File("scan.TIF");
        File.WriteAllBytes(path, TestTiffWriter.Write(new TestTiff(6, 5, Bits: 16), Ramp(30, 65535)));

        Assert.Equal((6, 5, ImageFileFormat.Tiff), (ImageDecoder.ReadInfo(path).Width, ImageDecoder.ReadInfo(path).Height, ImageDecoder.ReadInfo(path).Format));
        Assert.Equal(30, ImageDecoder.Decode16(path).Pixels.Length);
    }

    [Fact]
    public void Info_reads_past_the_first_megabyte_for_a_directory_written_after_the_pixels()
    {
        // 1.5 MB of pixels before the directory, as libtiff lays a file out: the header is not in the first megabyte.
        using var folder = new TempFolder();
        var path = folder.File("large.tif");
        File.WriteAllBytes(path, TestTiffWriter.Write(new TestTiff(1024, 768, Bits: 16) { DirectoryLast = true, RowsPerStrip = 64 }, Ramp(1024 * 768, 65535)));

        Assert.Equal(new ImageInfo(1024, 768, ImageFileFormat.Tiff, 16, true, ExifOrientation.TopLeft), ImageDecoder.ReadInfo(path));
    }
}
