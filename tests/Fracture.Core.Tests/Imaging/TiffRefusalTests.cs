using System.Buffers.Binary;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Core.Tests.Imaging;

/// <summary>TIFF variants we do not read, and broken TIFFs: each refused with the right error, never a hang or a huge allocation.</summary>
public class TiffRefusalTests
{
    private static readonly ushort[] Pixels16 = TiffDecodeTests.Ramp(16 * 12, 255);

    private static byte[] Grey(Action<Dictionary<ushort, (ushort Type, uint[] Values)?>>? edit = null, int bits = 8, int spp = 1, int photometric = 1)
    {
        var spec = new TestTiff(16, 12, bits, spp, photometric);
        edit?.Invoke(spec.Tags);
        var samples = new ushort[16 * 12 * spp];
        return TestTiffWriter.Write(spec, samples);
    }

    private static ImageDecodeException Refusal(byte[] tiff, ImageDecodeError expected)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(tiff));
        Assert.Equal(expected, error.Error);
        return error;
    }

    [Theory]
    [InlineData(7, "image data: TIFF JPEG compression (7) is not supported (only none, LZW, Deflate and PackBits)")]
    [InlineData(4, "image data: TIFF CCITT Group 4 fax compression (4) is not supported (only none, LZW, Deflate and PackBits)")]
    [InlineData(50000, "image data: TIFF Zstandard compression (50000) is not supported (only none, LZW, Deflate and PackBits)")]
    [InlineData(40000, "image data: TIFF unknown compression (40000) is not supported (only none, LZW, Deflate and PackBits)")]
    public void Unsupported_compression_is_named(int compression, string message)
    {
        var tiff = Grey(tags => tags[259] = (3, [(uint)compression]));

        Assert.Equal(message, Refusal(tiff, ImageDecodeError.UnsupportedFormat).Message);

        // The header alone tells: ReadInfo refuses the same way, before any pixel is read.
        Assert.Equal(message, Assert.Throws<ImageDecodeException>(() => ImageDecoder.ReadInfo(tiff)).Message);
    }

    [Theory]
    [InlineData(5, 4, 8, "TIFF CMYK (separated) images (photometric 5) are not supported (only grey, RGB and palette)")]
    [InlineData(6, 3, 8, "TIFF YCbCr images (photometric 6) are not supported (only grey, RGB and palette)")]
    [InlineData(32803, 1, 16, "TIFF colour filter array (raw) images (photometric 32803) are not supported (only grey, RGB and palette)")]
    [InlineData(1, 1, 12, "12-bit TIFF grey samples are not supported")]
    [InlineData(1, 1, 32, "32-bit TIFF grey samples are not supported")]
    [InlineData(2, 3, 4, "4-bit TIFF RGB samples are not supported")]
    [InlineData(3, 1, 16, "16-bit TIFF palette samples are not supported")]
    [InlineData(1, 16, 16, "TIFF grey with 16 samples per pixel is not supported (at most 2 extra samples)")]
    public void Unsupported_colour_spaces_and_depths_are_named(int photometric, int spp, int bits, string message)
    {
        var tiff = Grey(tags =>
        {
            tags[262] = (3, [(uint)photometric]);
            tags[258] = (3, Enumerable.Repeat((uint)bits, spp).ToArray());
            tags[277] = (3, [(uint)spp]);
        });

        Assert.Equal("image data: " + message, Refusal(tiff, ImageDecodeError.UnsupportedFormat).Message);
    }

    [Theory]
    [InlineData(339, 3, "TIFF floating-point samples are not supported (only unsigned integers)")]
    [InlineData(339, 2, "TIFF signed integer samples are not supported (only unsigned integers)")]
    [InlineData(317, 3, "TIFF floating-point predictor (3) is not supported")]
    public void Float_signed_and_float_predictor_are_named(ushort tag, uint value, string message)
    {
        var tiff = Grey(tags => tags[tag] = (3, [value]), bits: 16);

        Assert.Equal("image data: " + message, Refusal(tiff, ImageDecodeError.UnsupportedFormat).Message);
    }

    [Fact]
    public void Mixed_bit_depths_are_named()
    {
        var tiff = Grey(tags => tags[258] = (3, [8, 8, 16]), spp: 3, photometric: 2);

        Assert.Equal("image data: TIFF samples with different bit depths (8, 8, 16) are not supported", Refusal(tiff, ImageDecodeError.UnsupportedFormat).Message);
    }

    [Fact]
    public void BigTiff_is_refused_by_name()
    {
        byte[] bigTiff = [.. "II+\0"u8, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, .. new byte[64]];

        Assert.Equal("image data: BigTIFF is not supported (only classic TIFF)", Refusal(bigTiff, ImageDecodeError.UnsupportedFormat).Message);
    }

    [Fact]
    public void Old_style_lzw_is_refused_by_name()
    {
        var tiff = Grey(tags => tags[259] = (3, [5]));
        tiff[^(16 * 12)] = 0; // the strip starts 00 01: codes packed least significant bit first, as before TIFF 6.0
        tiff[^((16 * 12) - 1)] = 1;

        Assert.Equal("image data: TIFF old-style (pre-6.0) LZW compression is not supported", Refusal(tiff, ImageDecodeError.UnsupportedFormat).Message);
    }

    [Fact]
    public void Decompression_bomb_is_refused_from_the_header_without_allocating()
    {
        // The header claims 60000 x 60000 16-bit grey; the few bytes of LZW data are never read.
        var bomb = Grey(tags =>
        {
            tags[256] = (4, [60000]);
            tags[257] = (4, [60000]);
            tags[273] = (4, [8]);
            tags[279] = (4, [4]);
            tags[259] = (3, [5]);
        }, bits: 16);
        ImageDecoder.Decode(TestTiffWriter.Write(new TestTiff(2, 2), [1, 2, 3, 4])); // warm up the code paths

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bomb));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Equal("image data: 60000x60000 = 3600.0 MP exceeds the 50 MP limit", error.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.Equal((60000, 60000), (ImageDecoder.ReadInfo(bomb).Width, ImageDecoder.ReadInfo(bomb).Height));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(32773)]
    public void A_strip_that_expands_past_its_size_is_cut_at_its_size(int compression)
    {
        // One 100x1 strip whose data holds 16 MB of zeros: only the strip's 100 bytes come out.
        var huge = new byte[16 << 20];
        var strip = compression switch
        {
            5 => TestTiffCodecs.Lzw(huge),
            32773 => TestTiffCodecs.PackBits(huge),
            _ => Deflate(huge),
        };
        var spec = new TestTiff(100, 1) { Compression = compression };
        var tiff = TestTiffWriter.Write(spec, new ushort[100]);
        byte[] bomb = [.. tiff[..^StripLength(spec)], .. strip];
        BinaryPrimitives.WriteUInt32LittleEndian(bomb.AsSpan(CountValueAt(bomb)), (uint)strip.Length);
        ImageDecoder.Decode(tiff); // warm up

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var image = ImageDecoder.Decode(bomb, new DecodeOptions(PixelFormat.Gray8));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(100, image.Pixels.Length);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(5, 16)]
    [InlineData(8, 16)]
    public void A_cut_off_file_is_truncated_with_the_missing_rows_zero(int compression, int bits)
    {
        var samples = TiffDecodeTests.Ramp(16 * 12, bits == 16 ? 65535 : 255, seed: 1).Select(v => (ushort)Math.Max(v, (ushort)1)).ToArray();
        var tiff = TestTiffWriter.Write(new TestTiff(16, 12, Bits: bits) { Compression = compression }, samples);
        var cut = tiff[..^((16 * 6 * bits / 8) + 1)]; // the last strips gone, and the middle one cut when uncompressed

        var partial = ImageDecoder.Decode16(cut);
        var strict = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(cut, new DecodeOptions(AllowTruncated: false)));

        Assert.True(partial.Truncated);
        Assert.True(ImageDecoder.Decode(cut).Truncated);
        Assert.All(partial.Pixels[..(16 * 3)], v => Assert.NotEqual(0, v)); // the first strip is whole
        Assert.Equal(0, partial.Pixels[^1]);
        Assert.Equal(ImageDecodeError.Truncated, strict.Error);
        Assert.Equal("image data: TIFF data ends before the image is complete", strict.Message);
    }

    [Fact]
    public void A_header_cut_off_is_truncated()
    {
        var tiff = TestTiffWriter.Write(new TestTiff(16, 12) { DirectoryLast = true }, Pixels16);

        var error = Refusal(tiff[..^20], ImageDecodeError.Truncated);

        Assert.Equal("image data: file ends inside the TIFF header", error.Message);
    }

    [Fact]
    public void A_strip_offset_outside_the_file_is_corrupt()
    {
        var tiff = Grey(tags => tags[273] = (4, [0, 0, 0x7FFF_FFF0, 0]));

        var error = Refusal(tiff, ImageDecodeError.Corrupt);

        Assert.StartsWith("image data: TIFF strip ", error.Message, StringComparison.Ordinal);
        Assert.Contains("lies outside the", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strip_count_past_the_end_with_whole_strips_after_it_is_corrupt()
    {
        // Strip 0 claims to run past the end of the file, yet strips 1-3 lie after it, whole: not a cut-off file.
        var tiff = Grey(tags => tags[279] = (4, [1_000_000, 48, 48, 48]));

        Assert.Equal(ImageDecodeError.Corrupt, Refusal(tiff, ImageDecodeError.Corrupt).Error);
    }

    [Fact]
    public void A_strip_of_a_libtiff_layout_running_into_the_directory_is_corrupt()
    {
        var tiff = TestTiffWriter.Write(new TestTiff(16, 12) { DirectoryLast = true, Tags = { [279] = (4, [48, 48, 48, 100_000]) } }, Pixels16);

        Refusal(tiff, ImageDecodeError.Corrupt);
    }

    [Fact]
    public void A_whole_strip_that_decodes_short_is_corrupt_not_truncated()
    {
        var tiff = Grey(tags => tags[279] = (4, [48, 48, 48, 20]));

        var error = Refusal(tiff, ImageDecodeError.Corrupt);

        Assert.Equal("image data: TIFF strip 3 holds 20 of 48 bytes although all its data is in the file", error.Message);
    }

    [Fact]
    public void Garbage_lzw_in_a_whole_strip_is_corrupt()
    {
        var tiff = TestTiffWriter.Write(new TestTiff(16, 12) { Compression = 5 }, Pixels16);
        tiff.AsSpan(tiff.Length - 30).Fill(0xFF); // codes 4095..., not in the table

        Assert.Contains("does not decompress", Refusal(tiff, ImageDecodeError.Corrupt).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_pointer_into_the_header_is_corrupt()
    {
        var tiff = Grey();
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 4);

        Assert.Equal("image data: TIFF header points its first directory at byte 4, inside the header", Refusal(tiff, ImageDecodeError.Corrupt).Message);
    }

    [Fact]
    public void Too_few_strip_offsets_are_corrupt()
    {
        var tiff = Grey(tags => tags[273] = (4, [8]));

        Assert.Equal("image data: TIFF tag 273 holds 1 values where 4 belong", Refusal(tiff, ImageDecodeError.Corrupt).Message);
    }

    [Fact]
    public void Huge_value_counts_are_refused_without_allocating()
    {
        // StripByteCounts claims a billion values at an offset far past the end: read as a header cut short, as it
        // would be when libtiff's directory-last layout is cut (see TiffDirectory).
        var tiff = Grey(tags => tags[279] = (4, Enumerable.Repeat(0xFFFF_FFF0u, 2).ToArray()));
        var entry = FindEntry(tiff, 279);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(entry + 4), 1_000_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(entry + 8), 0xFFFF_FF00);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(tiff));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    private static byte[] Deflate(byte[] raw)
    {
        var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return compressed.ToArray();
    }

    private static int StripLength(TestTiff spec) => spec.Compression switch
    {
        5 => TestTiffCodecs.Lzw(new byte[100]).Length,
        32773 => TestTiffCodecs.PackBits(new byte[100]).Length,
        _ => Deflate(new byte[100]).Length,
    };

    /// <summary>Where the value field of a little-endian file's tag sits (its single value is stored there).</summary>
    private static int CountValueAt(byte[] tiff) => FindEntry(tiff, 279) + 8;

    private static int FindEntry(byte[] tiff, ushort tag)
    {
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        for (var i = 0; i < count; i++)
        {
            var at = ifd + 2 + (i * 12);
            if (BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(at)) == tag)
            {
                return at;
            }
        }

        throw new InvalidOperationException($"no tag {tag}");
    }
}
