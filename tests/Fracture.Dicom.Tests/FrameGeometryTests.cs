using Fracture.Core.Imaging;
using Fracture.Dicom.Tests.Support;
using Fracture.Tests.Tools;
using TS = gdcm.TransferSyntax.TSType;

namespace Fracture.Dicom.Tests;

/// <summary>
/// The worker compares each compressed frame's own header with the DICOM header before GDCM decodes
/// (<see cref="Worker.CompressedFrameCheck"/>). Uncapped, GDCM copied a larger JPEG 2000 stream's pixels into a buffer
/// sized for the header (heap overflow), copied a smaller JPEG-LS one's output out past its end, and took a JPEG
/// frame's size for the image's; the refusal is a precise corrupt-data reason through the protocol's exit code.
/// </summary>
public sealed class FrameGeometryTests
{
    [Theory]
    [InlineData("jpeg2000", 16000, 64, 1, 16, 16, "JPEG 2000 stream declares 16000x64, the DICOM header 64x64")]
    [InlineData("jpeg2000", 64, 16000, 1, 16, 16, "JPEG 2000 stream declares 64x16000, the DICOM header 64x64")]
    [InlineData("jpeg2000", 4000, 4000, 1, 16, 16, "JPEG 2000 stream declares 4000x4000, the DICOM header 64x64")]
    [InlineData("jpeg2000", 64, 64, 3, 16, 16, "JPEG 2000 stream declares 3 components, the DICOM header's samples per pixel 1")]
    [InlineData("jpeg2000", 64, 64, 1, 16, 8, "JPEG 2000 stream declares 16-bit samples, the DICOM header's bits allocated 8")]
    [InlineData("jpeg2000", 64, 64, 1, 24, 16, "JPEG 2000 stream declares 24-bit samples, the DICOM header's bits allocated 16")]
    [InlineData("jp2", 4000, 4000, 1, 16, 16, "JPEG 2000 stream declares 4000x4000, the DICOM header 64x64")]
    [InlineData("jpeg-ls", 20000, 64, 1, 16, 16, "JPEG-LS stream declares 20000x64, the DICOM header 64x64")]
    [InlineData("jpeg-ls", 64, 20000, 1, 16, 16, "JPEG-LS stream declares 64x20000, the DICOM header 64x64")]
    [InlineData("jpeg-ls", 64, 64, 3, 16, 16, "JPEG-LS stream declares 3 components, the DICOM header's samples per pixel 1")]
    [InlineData("jpeg-ls", 64, 64, 1, 16, 8, "JPEG-LS stream declares 16-bit samples, the DICOM header's bits allocated 8")]
    [InlineData("jpeg", 16000, 16000, 1, 16, 16, "JPEG stream declares 16000x16000, the DICOM header 64x64")] // lossless, process 14
    [InlineData("jpeg", 500, 500, 1, 16, 16, "JPEG stream declares 500x500, the DICOM header 64x64")]
    public void A_stream_declaring_more_than_its_header_is_refused_before_decoding(
        string codec, int width, int height, int components, int precision, int bitsAllocated, string reason) =>
        AssertRefused(Crafted(codec, width, height, components, precision, bitsAllocated), reason);

    [Theory]
    [InlineData("jpeg2000", 32, 32, 1, 16, 16, "JPEG 2000 stream declares 32x32, the DICOM header 64x64")]
    [InlineData("jpeg-ls", 32, 32, 1, 16, 16, "JPEG-LS stream declares 32x32, the DICOM header 64x64")]
    [InlineData("jpeg-ls", 64, 64, 1, 8, 16, "JPEG-LS stream declares 8-bit samples, the DICOM header's bits allocated 16")]
    public void A_stream_declaring_less_than_its_header_is_refused(
        string codec, int width, int height, int components, int precision, int bitsAllocated, string reason) =>
        // JPEG 2000's buffer is the header's size, the rest left uninitialised (heap contents in the image); JPEG-LS's
        // is the stream's, and GDCM copies the header's size out of it.
        AssertRefused(Crafted(codec, width, height, components, precision, bitsAllocated), reason);

    [Fact]
    public void A_jp2_wrapped_codestream_decodes_like_the_bare_one()
    {
        var spec = TestDicom.Gray16(64, 48, Enumerable.Range(0, 64 * 48).Select(i => i * 13));
        var bare = DicomTestWriter.Bytes(spec with { TransferSyntax = TS.JPEG2000Lossless });

        var wrapped = CraftedStreams.WithFragment(bare, CraftedStreams.Jp2(CraftedStreams.FirstFragment(bare), 64, 48));

        Assert.Equal(DicomDecoder.Decode(DicomTestWriter.Bytes(spec), MaxPixels).Pixels, DicomDecoder.Decode(wrapped, MaxPixels).Pixels);
    }

    [Theory]
    [InlineData("dcmcjpls", "+el")] // JPEG-LS lossless
    [InlineData("dcmcjpeg", "+e1")] // JPEG lossless, process 14 selection value 1
    [InlineData("dcmcjpeg", "+eb")] // JPEG baseline, after 8 bits
    public void Dcmtk_compressed_files_decode_as_before(string tool, string option)
    {
        var program = DebianTools.Require(tool, "dcmtk");
        var spec = TestDicom.Gray8(64, 48, Enumerable.Range(0, 64 * 48).Select(i => (i % 64) + (i / 64)));
        var folder = Directory.CreateTempSubdirectory("fracture-dicom-test-").FullName;
        try
        {
            var source = Path.Combine(folder, "source.dcm");
            var compressed = Path.Combine(folder, "compressed.dcm");
            DicomTestWriter.Write(spec, source);
            DebianTools.Run(program, option, source, compressed);

            var expected = DicomDecoder.Decode(source, MaxPixels).Pixels;
            var actual = DicomDecoder.Decode(compressed, MaxPixels).Pixels;

            Assert.Equal(expected.Length, actual.Length);
            Assert.InRange(expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max(), 0, option == "+eb" ? 3 : 0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(TS.JPEG2000Lossless)]
    [InlineData(TS.JPEGLSLossless)]
    public void A_compressed_multi_frame_file_checks_each_frame_and_gives_the_first(TS syntax)
    {
        var frame = TestDicom.Gray16(32, 24, Enumerable.Range(0, 32 * 24).Select(i => i * 50));
        var spec = frame with { Samples = [.. frame.Samples, .. Enumerable.Repeat((byte)9, frame.Samples.Length)], Frames = 2 };

        var image = DicomDecoder.Decode(DicomTestWriter.Bytes(spec with { TransferSyntax = syntax }), MaxPixels);

        Assert.Equal(DicomDecoder.Decode(DicomTestWriter.Bytes(frame), MaxPixels).Pixels, image.Pixels);
    }

    private static void AssertRefused(byte[] file, string reason)
    {
        var report = WorkerMemoryReport.InFolder(file, path => WorkerMemoryReport.Run(path, MaxPixels));

        Assert.Equal(Worker.WorkerProtocol.ExitCodeFor(ImageDecodeError.Corrupt), report.ExitCode);
        Assert.Equal(reason, report.Reason);
        var error = Assert.IsType<ImageDecodeException>(DicomDecoder.Failure(new WorkerOutcome(report.ExitCode, report.Reason), null));
        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Equal("image data: " + reason, error.Message);
    }

    private static byte[] Crafted(string codec, int width, int height, int components, int precision, int bitsAllocated) => codec switch
    {
        "jpeg2000" => CraftedStreams.InDicom(64, TS.JPEG2000Lossless, CraftedStreams.Jpeg2000(width, height, components, precision), bitsAllocated),
        "jp2" => CraftedStreams.InDicom(64, TS.JPEG2000Lossless, CraftedStreams.Jp2(CraftedStreams.Jpeg2000(width, height), width, height), bitsAllocated),
        "jpeg-ls" => CraftedStreams.InDicom(64, TS.JPEGLSLossless, CraftedStreams.JpegLs(width, height, components, precision), bitsAllocated),
        _ => CraftedStreams.InDicom(64, TS.JPEGLosslessProcess14_1, CraftedStreams.Jpeg(0xC3, width, height, components, precision), bitsAllocated),
    };

    private const long MaxPixels = 1_000_000;
}
