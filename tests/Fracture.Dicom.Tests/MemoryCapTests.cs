using Fracture.Core.Imaging;
using Fracture.Dicom.Tests.Support;

namespace Fracture.Dicom.Tests;

/// <summary>
/// The worker caps its own memory from the pixel limit (<see cref="Worker.WorkerMemoryCap"/>): GDCM's codecs allocate for
/// the size a compressed stream declares, unchecked against the DICOM header (a 64x64 file with a 60000x60000 JPEG
/// 2000 stream asks OpenJPEG for 14.4 GB). The limit here is 1 MP: a budget of 48 MB for the pixels, 512 MiB besides.
/// Such streams are now refused before the codec runs (<see cref="FrameGeometryTests"/>); the cap stays as a second line.
/// </summary>
public sealed class MemoryCapTests
{
    private const gdcm.TransferSyntax.TSType Jpeg2000 = gdcm.TransferSyntax.TSType.JPEG2000Lossless;

    [Fact]
    public void The_budget_is_48_bytes_a_pixel_plus_512_mib_and_saturates()
    {
        Assert.Equal((48 * 100_000_000L) + (512L << 20), Worker.WorkerMemoryCap.Budget(100_000_000)); // the server's default: 5.3 GB
        Assert.Equal(48 + (512L << 20), Worker.WorkerMemoryCap.Budget(1));
        Assert.Equal(long.MaxValue, Worker.WorkerMemoryCap.Budget(long.MaxValue));
    }

    [Fact]
    public void The_worker_caps_its_address_space_at_its_start_size_plus_the_budget()
    {
        var report = WorkerMemoryReport.InFolder(DicomTestWriter.Bytes(TestDicom.Gray8(64, 48, new int[64 * 48])), path => WorkerMemoryReport.Run(path, MaxPixels));

        Assert.Equal(Worker.WorkerProtocol.Success, report.ExitCode);
        Assert.Equal(Worker.WorkerMemoryCap.Budget(MaxPixels), report.Budget);
        Assert.InRange(report.StartSize, 1, report.Peak!.Value); // the runtime's reservations were made before the cap
        Assert.InRange(report.Peak!.Value, report.StartSize, report.Limit);
    }

    [Fact]
    public void A_jpeg_2000_stream_declaring_more_pixels_than_its_header_is_refused_within_the_cap()
    {
        // 16000x16000 is 1 GB of OpenJPEG's 4-byte samples; uncapped it was allocated and filled, then GDCM copied
        // 256 M samples into its 8 KB buffer for the header's 64x64 and crashed. Now the stream's SIZ is read first.
        var bomb = CraftedStreams.InDicom(64, Jpeg2000, CraftedStreams.Jpeg2000(16000, 16000));

        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(bomb, MaxPixels));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Equal("image data: JPEG 2000 stream declares 16000x16000, the DICOM header 64x64", error.Message);
        var report = WorkerMemoryReport.InFolder(bomb, path => WorkerMemoryReport.Run(path, MaxPixels));
        Assert.InRange(report.ResidentPeak!.Value, 1, report.Budget);
        // The same stream at the header's size is a valid image: only its size was refused.
        Assert.Equal(64, DicomDecoder.Decode(CraftedStreams.InDicom(64, Jpeg2000, CraftedStreams.Jpeg2000(64, 64)), MaxPixels).Width);
    }

    [Fact]
    public void A_jpeg_ls_stream_declaring_more_pixels_than_its_header_is_refused_before_the_codec_allocates()
    {
        // GDCM sizes CharLS's output from the stream: 20000x20000 16-bit is 800 MB, zeroed before decoding (uncapped:
        // allocated, filled, then a decode error; capped: std::bad_alloc, an abort). Now its SOF55 is read first.
        var bomb = CraftedStreams.InDicom(64, gdcm.TransferSyntax.TSType.JPEGLSLossless, CraftedStreams.JpegLs(20000, 20000));

        var report = WorkerMemoryReport.InFolder(bomb, path => WorkerMemoryReport.Run(path, MaxPixels));

        Assert.Equal(Worker.WorkerProtocol.ExitCodeFor(ImageDecodeError.Corrupt), report.ExitCode);
        Assert.Equal("JPEG-LS stream declares 20000x20000, the DICOM header 64x64", report.Reason);
        Assert.InRange(report.ResidentPeak!.Value, 1, report.Budget);
    }

    [Fact]
    public void A_file_larger_than_the_managed_budget_is_too_large_and_says_why()
    {
        // A valid image followed by 600 MB of zeros (a sparse file, no disk used): reading it whole is past the
        // managed heap's share of a 1 MP budget, an OutOfMemoryException the worker answers as too large.
        var report = WorkerMemoryReport.InFolder(DicomTestWriter.Bytes(TestDicom.Gray8(64, 48, new int[64 * 48])), path =>
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.SetLength(600L << 20);
            }

            return WorkerMemoryReport.Run(path, MaxPixels);
        });

        Assert.Equal(Worker.WorkerProtocol.ExitCodeFor(ImageDecodeError.TooLarge), report.ExitCode);
        var error = Assert.IsType<ImageDecodeException>(DicomDecoder.Failure(new WorkerOutcome(report.ExitCode, report.Reason), null));
        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Equal("image data: DICOM data needs more memory to decode than the 1 MP limit allows (585 MB)", error.Message);
    }

    [Fact]
    public void A_sixteen_bit_rgb_jpeg_2000_at_the_pixel_limit_decodes_under_the_cap()
    {
        // The costliest legitimate kind (OpenJPEG holds 4 bytes a sample, GDCM 2 and its copies), at exactly the limit.
        const int Side = 1200;
        // Noise in the low byte: it compresses to about half (GDCM's encoder gives up on noisier 16-bit samples).
        var random = new Random(48);
        var samples = new byte[Side * Side * 3 * 2];
        for (var i = 0; i < samples.Length; i += 2)
        {
            samples[i] = (byte)random.Next(256);
        }

        var spec = new TestDicom(Side, Side, samples) { SamplesPerPixel = 3, Photometric = "RGB", BitsAllocated = 16, BitsStored = 16 };
        var compressed = DicomTestWriter.Bytes(spec with { TransferSyntax = Jpeg2000 });

        var report = WorkerMemoryReport.InFolder(compressed, path => WorkerMemoryReport.Run(path, Side * Side));

        Assert.Equal(Worker.WorkerProtocol.Success, report.ExitCode);
        Assert.Equal(DicomDecoder.Decode(DicomTestWriter.Bytes(spec), Side * Side).Pixels, DicomDecoder.Decode(compressed, Side * Side).Pixels);
    }

    private const long MaxPixels = 1_000_000;
}
