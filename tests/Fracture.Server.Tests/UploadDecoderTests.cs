using System.Net;
using Fracture.Core.Imaging;
using Fracture.Server.Errors;
using Fracture.Server.Inputs;
using Fracture.Server.Predictions;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>The upload's type comes from its bytes; request fields parse strictly; client file names are display text only.</summary>
public sealed class UploadDecoderTests
{
    private static readonly UploadDecoder Decoder = new(new GdcmDicomDecoder());

    [Fact]
    public void The_format_is_sniffed_from_the_magic_bytes()
    {
        var dicom = new byte[132];
        "DICM"u8.CopyTo(dicom.AsSpan(128));
        Assert.Equal(UploadFormat.Jpeg, Decoder.Sniff([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal(UploadFormat.Png, Decoder.Sniff([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]));
        Assert.Equal(UploadFormat.Dicom, Decoder.Sniff(dicom));
        Assert.Equal(UploadFormat.Tiff, Decoder.Sniff("II*\0"u8));
        Assert.Equal(UploadFormat.Tiff, Decoder.Sniff("MM\0*"u8));
        Assert.Equal(UploadFormat.Tiff, Decoder.Sniff("II+\0"u8)); // BigTIFF: refused by name when decoded (422), not as an unknown type
        Assert.Null(Decoder.Sniff("II*"u8));
        Assert.Null(Decoder.Sniff([0xFF, 0xD8])); // too short to be sure
        Assert.Null(Decoder.Sniff("BM"u8));
        Assert.Null(Decoder.Sniff(dicom.AsSpan(0, 131)));

        // A DICOM whose preamble holds a TIFF header (allowed by PS3.10 7.1 for dual-format files) is a DICOM.
        "II*\0"u8.CopyTo(dicom);
        Assert.Equal(UploadFormat.Dicom, Decoder.Sniff(dicom));
    }

    [Fact]
    public void A_grey_jpeg_decodes_to_one_channel_at_full_size()
    {
        var bytes = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        var upload = Decoder.Decode(bytes, 100_000_000);
        var info = ImageDecoder.ReadInfo(bytes);
        Assert.Equal(UploadFormat.Jpeg, upload.Format);
        Assert.Equal((info.Width, info.Height), (upload.Image.Width, upload.Image.Height));
        Assert.Equal(info.IsGrayscale ? 1 : 3, upload.Image.Channels);
    }

    [Theory]
    [InlineData(new byte[0], HttpStatusCode.BadRequest)]
    [InlineData(new byte[] { 1, 2, 3 }, HttpStatusCode.UnsupportedMediaType)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF }, HttpStatusCode.UnprocessableEntity)]
    public void Refusals_carry_their_status(byte[] bytes, HttpStatusCode status)
    {
        var error = Assert.Throws<RequestProblemException>(() => Decoder.Decode(bytes, 1000));
        Assert.Equal((int)status, error.StatusCode);
    }

    [Fact]
    public void Over_the_pixel_limit_is_422_naming_the_size()
    {
        var bytes = File.ReadAllBytes(TestPaths.FixtureImages[0]);
        var info = ImageDecoder.ReadInfo(bytes);
        var error = Assert.Throws<RequestProblemException>(() => Decoder.Decode(bytes, info.PixelCount - 1));
        Assert.Equal((422, "Image too large"), (error.StatusCode, error.Title));
        Assert.StartsWith($"jpeg: {info.Width}x{info.Height}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_image_is_422_not_a_finding()
    {
        // A uniform mid-grey image: the shipped classifier calls a fracture on it (p 0.67 against 0.60).
        var bytes = ImageEncoder.EncodePng(new DecodedImage(512, 406, PixelFormat.Gray8, Enumerable.Repeat((byte)128, 512 * 406).ToArray()));

        var error = Assert.Throws<RequestProblemException>(() => Decoder.Decode(bytes, 100_000_000));

        Assert.Equal((422, "Blank image"), (error.StatusCode, error.Title));
        Assert.Equal("png: the image is blank (all its 512x406 pixels within 8 grey levels): nothing to read; was the right file sent?", error.Message);
    }

    [Theory]
    [InlineData(null, PredictionTask.All)]
    [InlineData("", PredictionTask.All)]
    [InlineData("ALL", PredictionTask.All)]
    [InlineData(" detect ", PredictionTask.Detect)]
    [InlineData("segment", PredictionTask.Segment)]
    [InlineData("classify", PredictionTask.Classify)]
    public void Task_names_parse(string? value, PredictionTask task) => Assert.Equal(task, UploadReader.ParseTask(value));

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("1", 1.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("2.5e-1", 0.25)]
    public void Confidences_parse_in_the_invariant_culture(string value, double expected) => Assert.Equal(expected, UploadReader.ParseConfidence(value));

    [Theory]
    [InlineData("0,5")]
    [InlineData("Infinity")]
    [InlineData("1.0001")]
    public void Other_confidences_are_400(string value) =>
        Assert.Equal(400, Assert.Throws<RequestProblemException>(() => UploadReader.ParseConfidence(value)).StatusCode);

    [Theory]
    [InlineData("scan.jpg", "scan.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\hand.png", "hand.png")]
    [InlineData("a\u0000b\u001Fc.jpg", "abc.jpg")]
    [InlineData("dir/", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Client_file_names_become_display_names(string? name, string? display) => Assert.Equal(display, UploadReader.DisplayName(name));

    [Fact]
    public void Display_names_are_at_most_255_characters() => Assert.Equal(255, UploadReader.DisplayName(new string('x', 1000) + ".jpg")!.Length);

    [Fact]
    public void A_server_that_cannot_decode_dicom_answers_503_with_what_to_install()
    {
        var decoder = new UploadDecoder(new UnavailableDicomDecoder());
        var dicom = File.ReadAllBytes(TestPaths.DicomFixture);

        var error = Assert.Throws<RequestProblemException>(() => decoder.Decode(dicom, 100_000_000));

        Assert.Equal((int)HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("apt-get install libgdcm-cil", error.Message, StringComparison.Ordinal);
    }

    private sealed class UnavailableDicomDecoder : IDicomDecoder
    {
        private readonly GdcmDicomDecoder _sniffer = new();

        public bool IsDicom(ReadOnlySpan<byte> data) => _sniffer.IsDicom(data);

        public DecodedImage Decode(byte[] data, long maxPixels, CancellationToken cancellationToken) =>
            throw new Dicom.DicomUnavailableException("DICOM cannot be read on this machine: GDCM could not be loaded; install it: sudo apt-get install libgdcm-cil");
    }
}
