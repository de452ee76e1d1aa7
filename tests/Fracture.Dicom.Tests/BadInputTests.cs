using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;
using Fracture.Dicom.Tests.Support;
using Fracture.Dicom.Worker;
using TS = gdcm.TransferSyntax.TSType;

namespace Fracture.Dicom.Tests;

/// <summary>Bad input is always an <see cref="ImageDecodeException"/> with a one-line reason, and never takes the caller down.</summary>
public sealed class BadInputTests
{
    private static readonly TestDicom Gradient =
        TestDicom.Gray16(64, 48, Enumerable.Range(0, 64 * 48).Select(i => i * 13)).With(0x0028, 0x1050, "20000").With(0x0028, 0x1051, "40000");

    private static readonly byte[] Valid = DicomTestWriter.Bytes(Gradient);

    [Fact]
    public void A_jpeg_is_not_dicom()
    {
        var jpeg = File.ReadAllBytes(Path.Combine(RepoPaths.RepoRoot, "fixtures", "bone-fracture-mini", "test", "images", "image1_358_png.rf.ae461871b8aa93ee2b62c42d61ada754.jpg"));

        Assert.False(DicomSniffer.IsDicom(jpeg));
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(jpeg, 1_000_000));
        Assert.Equal(ImageDecodeError.NotAnImage, error.Error);
        Assert.Equal("image data: not a DICOM file (no 'DICM' marker after the 128-byte preamble)", error.Message);
    }

    [Fact]
    public void The_sniffer_wants_dicm_right_after_the_preamble()
    {
        Assert.True(DicomSniffer.IsDicom(Valid));
        Assert.True(DicomSniffer.IsDicom([.. new byte[128], .. "DICM"u8]));
        Assert.False(DicomSniffer.IsDicom([.. new byte[128], .. "DIC"u8]));
        Assert.False(DicomSniffer.IsDicom([.. new byte[127], .. "DICM"u8, 0]));
        Assert.False(DicomSniffer.IsDicom([.. "DICM"u8, .. new byte[200]]));
        Assert.False(DicomSniffer.IsDicom([]));
    }

    [Fact]
    public void File_meta_information_must_follow_the_marker()
    {
        Assert.True(DicomSniffer.HasFileMetaInformation(Valid));

        // (0002,0000) "UL" 4: the first element of every Part 10 file; one byte changed anywhere in its group or VR fails.
        byte[] meta = [.. new byte[128], .. "DICM"u8, 0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 0x04, 0x00];
        Assert.True(DicomSniffer.HasFileMetaInformation(meta));
        Assert.False(DicomSniffer.HasFileMetaInformation(meta.AsSpan(0, meta.Length - 1)));
        Assert.False(DicomSniffer.HasFileMetaInformation([.. meta[..132], 0x08, .. meta[133..]]));
        Assert.False(DicomSniffer.HasFileMetaInformation([.. meta[..136], (byte)'u', .. meta[137..]]));
        Assert.False(DicomSniffer.HasFileMetaInformation([.. new byte[128], .. "DICM"u8, .. new byte[8]]));

        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode([.. new byte[128], .. "DICM"u8, .. new byte[64]], 1_000_000));
        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Equal("image data: DICOM file meta information missing (no group 0002 element with an explicit VR after the 'DICM' marker)", error.Message);
    }

    [Fact]
    public void Empty_data_says_so()
    {
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode([], 1_000_000));

        Assert.Equal(ImageDecodeError.Empty, error.Error);
    }

    [Fact]
    public void Random_bytes_are_not_dicom_and_random_bytes_behind_a_dicm_marker_are_corrupt()
    {
        var random = new Random(6);
        var noise = new byte[4096];
        random.NextBytes(noise);
        noise[128] = (byte)'X'; // NextBytes could, in principle, spell DICM there

        Assert.Equal(ImageDecodeError.NotAnImage, Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(noise, 1_000_000)).Error);

        "DICM"u8.CopyTo(noise.AsSpan(128));
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(noise, 1_000_000));
        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.StartsWith("image data: DICOM ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(140)] // inside the meta header's first element
    [InlineData(300)] // inside the meta header
    [InlineData(600)] // inside the data set
    public void A_file_cut_before_its_pixel_data_is_corrupt_and_the_caller_lives_on(int cut)
    {
        // GDCM 3.0 (Debian's, assertions on) aborts the worker process on each of these cuts.
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(Valid[..cut], 1_000_000));

        Assert.Equal(ImageDecodeError.Corrupt, error.Error);
        Assert.Equal("image data: DICOM data could not be decoded (the decoder stopped on malformed data)", error.Message);
    }

    [Theory]
    [InlineData(TS.ExplicitVRLittleEndian)]
    [InlineData(TS.ImplicitVRLittleEndian)]
    [InlineData(TS.JPEGLosslessProcess14_1)] // GDCM decodes the part that is there without complaint
    [InlineData(TS.RLELossless)]
    [InlineData(TS.JPEG2000Lossless)]
    public void A_file_cut_inside_its_pixel_data_is_truncated(TS syntax)
    {
        var file = DicomTestWriter.Bytes(Gradient with { TransferSyntax = syntax });

        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(file[..^100], 1_000_000));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
        Assert.Equal("image data: DICOM file ends inside its pixel data (truncated)", error.Message);
        Assert.Equal((64, 48), Size(DicomDecoder.Decode(file, 1_000_000)));
    }

    [Theory]
    [InlineData(TS.JPEGLosslessProcess14_1)]
    [InlineData(TS.RLELossless)]
    public void A_compressed_file_cut_inside_its_pixel_data_is_truncated_though_its_header_holds_a_sequence_delimiter(TS syntax)
    {
        // The VOI LUT Sequence is written with undefined length, so the header ends it with the same delimiter bytes
        // that end encapsulated pixel data: only a delimiter after the pixel data's own header counts.
        var file = DicomTestWriter.Bytes(Gradient with { TransferSyntax = syntax, VoiLut = ([2, 0, 16], [0, 65535]) });

        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(file[..^100], 1_000_000));

        Assert.Equal(ImageDecodeError.Truncated, error.Error);
        Assert.Equal((64, 48), Size(DicomDecoder.Decode(file, 1_000_000)));
    }

    [Fact]
    public void The_process_survives_many_damaged_files_and_then_decodes_a_good_one()
    {
        // Flipped bytes all through the file: GDCM fails cleanly, aborts or crashes, the worker takes it each time.
        var random = new Random(60);
        for (var k = 0; k < 12; k++)
        {
            var damaged = (byte[])Valid.Clone();
            for (var n = 0; n < 8; n++)
            {
                damaged[random.Next(132, damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                Assert.Equal((64, 48), Size(DicomDecoder.Decode(damaged, 1_000_000)));
            }
            catch (ImageDecodeException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }

        Assert.Equal((64, 48), Size(DicomDecoder.Decode(Valid, 1_000_000)));
    }

    [Fact]
    public void Over_the_pixel_limit_is_too_large_and_says_by_how_much()
    {
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(Valid, 3000));

        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.Equal("image data: 64x48 = 0.0 MP exceeds the 0.003 MP limit", error.Message);
    }

    [Fact]
    public void All_frames_count_against_the_pixel_limit()
    {
        // 3 frames of 20x20: 400 pixels each, 1200 decoded in all.
        var frames = DicomTestWriter.Bytes(TestDicom.Gray8(20, 20, new int[1200]) with { Frames = 3 });

        Assert.Equal((20, 20), Size(DicomDecoder.Decode(frames, 1200)));
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(frames, 1000));
        Assert.Equal(ImageDecodeError.TooLarge, error.Error);
        Assert.StartsWith("image data: 3 frames of 20x20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dicom_object_without_pixel_data_is_unsupported()
    {
        var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(DicomTestWriter.WithoutPixelData(Valid), 1_000_000));

        Assert.Equal(ImageDecodeError.UnsupportedFormat, error.Error);
        Assert.Equal("image data: DICOM file has no pixel data (not an image)", error.Message);
    }

    [Fact]
    public void Messages_name_the_file_when_decoding_from_a_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fracture-dicom-test-{Guid.NewGuid():N}.dcm");
        File.WriteAllBytes(path, Valid);
        try
        {
            var error = Assert.Throws<ImageDecodeException>(() => DicomDecoder.Decode(path, 3000));

            Assert.StartsWith(Path.GetFileName(path) + ": 64x48", error.Message, StringComparison.Ordinal);
            Assert.Equal(path, error.Path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cancelled_decode_throws_operation_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DicomDecoder.Decode(Valid, 1_000_000, cancelled.Token));
    }

    private static (int Width, int Height) Size(DecodedImage image) => (image.Width, image.Height);

    [Fact]
    public void A_machine_without_gdcm_is_a_typed_error_naming_what_to_install_not_a_crash()
    {
        // The worker's own words when GDCM cannot be loaded (DicomWorker); a front end skips the input with them.
        var outcome = new WorkerOutcome(WorkerProtocol.GdcmMissing, "GDCM could not be loaded (DllNotFoundException: libgdcm); install it: sudo apt-get install libgdcm-cil");

        var error = Assert.IsType<DicomUnavailableException>(DicomDecoder.Failure(outcome, null));

        Assert.IsAssignableFrom<Core.FractureException>(error);
        Assert.Equal("DICOM cannot be read on this machine: GDCM could not be loaded (DllNotFoundException: libgdcm); install it: sudo apt-get install libgdcm-cil", error.Message);
        Assert.IsType<InvalidOperationException>(DicomDecoder.Failure(new WorkerOutcome(WorkerProtocol.UsageError, "usage"), null));
    }
}
