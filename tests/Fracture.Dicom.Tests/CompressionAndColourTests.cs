using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using Fracture.Dicom.Tests.Support;
using Fracture.Tests.Tools;
using TS = gdcm.TransferSyntax.TSType;

namespace Fracture.Dicom.Tests;

/// <summary>Compressed transfer syntaxes decode to the pixels of the uncompressed file; colour stays RGB.</summary>
public sealed class CompressionAndColourTests
{
    private const int Width = 64;
    private const int Height = 48;

    [Theory]
    [InlineData(TS.JPEGLosslessProcess14_1)]
    [InlineData(TS.JPEGLSLossless)]
    [InlineData(TS.JPEG2000Lossless)]
    [InlineData(TS.RLELossless)]
    [InlineData(TS.DeflatedExplicitVRLittleEndian)] // the whole data set zlib-compressed, pixel data included
    public void Lossless_sixteen_bit_compression_gives_the_uncompressed_pixels(TS syntax)
    {
        var source = Gradient16();

        var compressed = DicomTestWriter.Bytes(source with { TransferSyntax = syntax });

        Assert.True(DeclaresSyntax(compressed, syntax), "the file declares the compressed transfer syntax");
        Assert.Equal(Decode(DicomTestWriter.Bytes(source)).Pixels, Decode(compressed).Pixels);
    }

    [Theory]
    [InlineData(TS.JPEGBaselineProcess1, 3)]
    [InlineData(TS.JPEG2000, 3)]
    [InlineData(TS.JPEGLosslessProcess14_1, 0)]
    [InlineData(TS.RLELossless, 0)]
    public void Eight_bit_compression_gives_pixels_equal_or_close_to_the_source(TS syntax, int tolerance)
    {
        var source = Gradient8();

        var expected = Decode(DicomTestWriter.Bytes(source)).Pixels;
        var actual = Decode(DicomTestWriter.Bytes(source with { TransferSyntax = syntax })).Pixels;

        Assert.Equal(expected.Length, actual.Length);
        Assert.InRange(expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max(), 0, tolerance);
    }

    [Fact]
    public void A_compressed_multi_frame_file_gives_its_first_frame()
    {
        var frame = Gradient8();
        var spec = frame with { Samples = [.. frame.Samples, .. Enumerable.Repeat((byte)9, frame.Samples.Length)], Frames = 2 };

        var image = Decode(DicomTestWriter.Bytes(spec with { TransferSyntax = TS.RLELossless }));

        Assert.Equal(Decode(DicomTestWriter.Bytes(frame)).Pixels, image.Pixels);
    }

    [Theory]
    [InlineData(0, TS.ExplicitVRLittleEndian)]
    [InlineData(1, TS.ExplicitVRLittleEndian)]
    [InlineData(0, TS.RLELossless)]
    [InlineData(0, TS.JPEGLSLossless)]
    public void Rgb_stays_rgb_in_either_planar_configuration(int planar, TS syntax)
    {
        // Pixel i is (i, 2i, 255 - i) for i in 0..191, stored interleaved or plane by plane.
        const int count = 16 * 12;
        var rgb = Enumerable.Range(0, count).SelectMany(i => new[] { (byte)i, (byte)(2 * i), (byte)(255 - i) }).ToArray();
        var stored = planar == 0 ? rgb : [.. Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(0, count).Select(i => rgb[(i * 3) + c]))];
        var spec = new TestDicom(16, 12, stored) { SamplesPerPixel = 3, Photometric = "RGB", PlanarConfiguration = planar, TransferSyntax = syntax };

        var image = Decode(DicomTestWriter.Bytes(spec));

        Assert.Equal(PixelFormat.Rgb24, image.Format);
        Assert.Equal(rgb, image.Pixels);
    }

    [Fact]
    public void A_jpeg_wrapped_by_dcmtk_as_ybr_full_422_comes_back_as_the_jpegs_rgb()
    {
        // img2dcm copies the JPEG stream unchanged (YBR_FULL_422); GDCM hands back upsampled YCbCr, converted here.
        var img2dcm = DebianTools.Require("img2dcm", "dcmtk");
        var jpeg = Path.Combine(RepoPaths.RepoRoot, "fixtures", "bone-fracture-mini", "test", "images", "image1_358_png.rf.ae461871b8aa93ee2b62c42d61ada754.jpg");
        var output = Path.Combine(Path.GetTempPath(), $"fracture-dicom-test-{Guid.NewGuid():N}.dcm");
        try
        {
            DebianTools.Run(img2dcm, jpeg, output);
            var image = DicomDecoder.Decode(output, 1_000_000);
            var reference = ImageDecoder.Decode(jpeg, new DecodeOptions(PixelFormat.Rgb24));

            Assert.Equal(PixelFormat.Rgb24, image.Format);
            Assert.Equal((reference.Width, reference.Height), (image.Width, image.Height));
            // Two JPEG decoders (GDCM's libjpeg, Skia's libjpeg-turbo) and two YCbCr conversions: equal to within rounding.
            var differences = reference.Pixels.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).ToArray();
            Assert.InRange(differences.Average(), 0, 1.0);
            Assert.InRange(differences.Max(), 0, 8);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Whether the file's meta header names the transfer syntax (its UID, NUL-padded to even length).</summary>
    private static bool DeclaresSyntax(byte[] file, TS syntax)
    {
        using var transferSyntax = new gdcm.TransferSyntax(syntax);
        var uid = System.Text.Encoding.ASCII.GetBytes(transferSyntax.GetString().TrimEnd('\0') + "\0");
        return file.AsSpan(0, Math.Min(file.Length, 1024)).IndexOf(uid.AsSpan(0, uid.Length - (uid.Length % 2))) >= 0;
    }

    /// <summary>A smooth 16-bit gradient over most of the range (0..58200).</summary>
    private static TestDicom Gradient16() =>
        TestDicom.Gray16(Width, Height, Enumerable.Range(0, Width * Height).Select(i => ((i % Width) * 700) + ((i / Width) * 300)));

    /// <summary>A smooth 8-bit gradient (0..236), friendly to lossy JPEG.</summary>
    private static TestDicom Gradient8() =>
        TestDicom.Gray8(Width, Height, Enumerable.Range(0, Width * Height).Select(i => ((i % Width) * 3) + (i / Width)));

    private static DecodedImage Decode(byte[] data) => DicomDecoder.Decode(data, 1_000_000);
}
