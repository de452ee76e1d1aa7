using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Fracture.Core.Imaging;
using Fracture.Dicom.Tests.Support;
using Fracture.Tests.Tools;
using Fracture.Dicom.Worker;
using TS = gdcm.TransferSyntax.TSType;

namespace Fracture.Dicom.Tests;

/// <summary>
/// Deflated Explicit VR Little Endian files are inflated by the worker itself (<see cref="DeflatedDataSet"/>), never by
/// GDCM, which spun until the time limit on a cut file with its memory growing by gigabytes.
/// </summary>
public sealed class DeflatedTests
{
    private const long MaxPixels = 1_000_000;

    // Noisy 12-bit samples: the deflate stream runs to several blocks, as a real image's does.
    private static readonly TestDicom Noise =
        TestDicom.Gray16(256, 200, Enumerable.Range(0, 256 * 200).Select(i => (int)((i * 2654435761L) >> 7) & 0xFFF), bitsStored: 12);

    // Smooth RGB ramps: cut at a quarter or a half of its deflated data set, GDCM spun until the time limit.
    private static readonly TestDicom Ramps =
        new(256, 200, [.. Enumerable.Range(0, 256 * 200 * 3).Select(i => (byte)((i / 3 % 256) + (i % 3 * 20)))]) { SamplesPerPixel = 3, Photometric = "RGB" };

    private static readonly byte[] Uncompressed = DicomTestWriter.Bytes(Noise);

    private static readonly byte[] Deflated = DeflatedFile(Noise);

    [Fact]
    public void A_whole_deflated_file_decodes_to_the_pixels_of_its_uncompressed_source()
    {
        Assert.True(DeflatedDataSet.IsDeflated(Deflated));
        Assert.False(DeflatedDataSet.IsDeflated(Uncompressed));
        Assert.Equal(Decode(Uncompressed).Pixels, Decode(Deflated).Pixels);
        Assert.Equal(Decode(DicomTestWriter.Bytes(Ramps)).Pixels, Decode(DeflatedFile(Ramps)).Pixels);
    }

    [Fact]
    public void A_file_deflated_by_dcmtk_decodes_to_the_pixels_of_its_source_and_refuses_its_first_half()
    {
        // The reported case: dcmconv +td, then the file cut in half (GDCM ran to the 60 s limit, 6 GB and growing).
        var uncompressed = DicomTestWriter.Bytes(Ramps);
        var deflated = DcmtkDeflated(uncompressed);

        Assert.True(DeflatedDataSet.IsDeflated(deflated));
        Assert.Equal(Decode(uncompressed).Pixels, Decode(deflated).Pixels);
        AssertTruncatedAtOnce(deflated[..(deflated.Length / 2)]);
    }

    [Theory]
    [InlineData(false, 0.0)] // nothing after the meta group
    [InlineData(false, 0.001)]
    [InlineData(false, 0.5)]
    [InlineData(false, 0.999)]
    [InlineData(true, 0.25)]
    [InlineData(true, 0.5)]
    [InlineData(true, 0.75)]
    public void A_deflated_file_cut_anywhere_in_its_data_set_is_truncated_at_once(bool ramps, double fraction)
    {
        var file = ramps ? DeflatedFile(Ramps) : Deflated;
        var metaEnd = MetaEnd(file);
        var cut = metaEnd + (int)((file.Length - metaEnd - 1) * fraction);

        AssertTruncatedAtOnce(file[..cut]);
    }

    [Fact]
    public void A_deflate_bomb_is_too_large_for_the_pixel_limit_and_fine_under_a_higher_one()
    {
        // A valid 256x200 image followed by a private element of 48 MiB of zeros: under 200 KB on disk, over the
        // 8 bytes a pixel + 16 MiB a 1 MP limit allows; a 10 MP limit lets it through.
        var metaEnd = MetaEnd(Deflated);
        byte[] padding = [0xE1, 0x7F, 0x00, 0x10, (byte)'O', (byte)'B', 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32LittleEndian(padding.AsSpan(8), 48u << 20);
        var bomb = Deflate(Deflated[..metaEnd], [.. InflateDataSet(Deflated), .. padding, .. new byte[48 << 20]]);
        Assert.InRange(bomb.Length, 1, 200_000);

        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(bomb, MaxPixels));

        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Equal("image data: DICOM deflated data set inflates to over 25 MB, more than the pixel limit allows", error.Message);
        Assert.Equal(Decode(Uncompressed).Pixels, DicomDecoder.Decode(bomb, 10 * MaxPixels).Pixels);
    }

    [Fact]
    public void A_data_set_that_is_not_deflate_data_is_corrupt()
    {
        var metaEnd = MetaEnd(Deflated);
        var garbage = (byte[])Deflated.Clone();
        garbage[metaEnd] = 0x07; // a final block of the reserved type 3

        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(garbage, MaxPixels));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Equal("image data: DICOM deflated data set could not be inflated (corrupt)", error.Message);
    }

    [Fact]
    public void The_inflated_file_names_explicit_little_endian_and_counts_its_meta_group_again()
    {
        using var output = new MemoryStream();

        DeflatedDataSet.Inflate(Deflated, output, DeflatedDataSet.InflatedLimit(MaxPixels));

        var inflated = output.ToArray();
        var metaEnd = MetaEnd(inflated);
        Assert.False(DeflatedDataSet.IsDeflated(inflated));
        Assert.True(inflated.AsSpan(132, metaEnd - 132).IndexOf("1.2.840.10008.1.2.1\0"u8) > 0);
        Assert.Equal(InflateDataSet(Deflated), inflated[metaEnd..]);
        Assert.Equal(Decode(Uncompressed).Pixels, Decode(inflated).Pixels);
    }

    [Fact]
    public void The_size_cap_follows_the_pixel_limit()
    {
        Assert.Equal((8 * MaxPixels) + (16 << 20), DeflatedDataSet.InflatedLimit(MaxPixels));
        Assert.Equal(Array.MaxLength, DeflatedDataSet.InflatedLimit(long.MaxValue));
    }

    private static byte[] DeflatedFile(TestDicom spec) => DicomTestWriter.Bytes(spec with { TransferSyntax = TS.DeflatedExplicitVRLittleEndian });

    private static void AssertTruncatedAtOnce(byte[] cut)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(cut, MaxPixels));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
        Assert.Equal("image data: DICOM file ends inside its deflated data set (truncated)", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15)); // the old way: the 60 s limit
    }

    /// <summary>Where the meta group ends, from its group length (0002,0000), the first element of every file written here.</summary>
    private static int MetaEnd(byte[] file) => 144 + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(140));

    private static byte[] InflateDataSet(byte[] file)
    {
        using var inflater = new DeflateStream(new MemoryStream(file, MetaEnd(file), file.Length - MetaEnd(file)), CompressionMode.Decompress);
        using var data = new MemoryStream();
        inflater.CopyTo(data);
        return data.ToArray();
    }

    private static byte[] Deflate(byte[] preambleAndMeta, byte[] dataSet)
    {
        using var file = new MemoryStream();
        file.Write(preambleAndMeta);
        using (var deflater = new DeflateStream(file, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflater.Write(dataSet);
        }

        return file.ToArray();
    }

    private static byte[] DcmtkDeflated(byte[] file)
    {
        var dcmconv = DebianTools.Require("dcmconv", "dcmtk");
        string source = Path.Combine(Path.GetTempPath(), $"fracture-dicom-test-{Guid.NewGuid():N}.dcm"), target = source + ".deflated";
        try
        {
            File.WriteAllBytes(source, file);
            DebianTools.Run(dcmconv, "+td", source, target);
            return File.ReadAllBytes(target);
        }
        finally
        {
            File.Delete(source);
            File.Delete(target);
        }
    }

    private static DecodedImage Decode(byte[] data) => DicomDecoder.Decode(data, MaxPixels);
}
