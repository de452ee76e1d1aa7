using Fracture.Core.Imaging;
using Fracture.Core.Tests.Support;

namespace Fracture.Dicom.Tests;

/// <summary>The committed DICOM fixture (fixtures/dicom) that the server and browser tests upload.</summary>
public sealed class FixtureTests
{
    private static readonly string Fixture = Path.Combine(RepoPaths.RepoRoot, "fixtures", "dicom", "elbow-fracture-16bit.dcm");

    private static readonly string Source = Path.Combine(
        RepoPaths.RepoRoot, "fixtures", "bone-fracture-mini", "test", "images", "image1_1741_png.rf.abfab4411413ca60310f9787db4d8d83.jpg");

    [Fact]
    public void The_fixture_is_a_small_dicom_file()
    {
        var bytes = File.ReadAllBytes(Fixture);

        Assert.True(DicomSniffer.IsDicom(bytes));
        Assert.InRange(bytes.Length, 400_000, 600_000);
    }

    [Fact]
    public void Its_window_gives_back_the_grey_values_of_the_jpeg_it_was_made_from()
    {
        // Stored 257 v through centre 32768, width 65536: ((257 v - 32767.5) / 65535 + 0.5) * 255 = v exactly.
        var image = DicomDecoder.Decode(Fixture, DecodeOptions.DefaultMaxPixels);
        var source = ImageDecoder.Decode(Source, new DecodeOptions(PixelFormat.Gray8));

        Assert.Equal(PixelFormat.Gray8, image.Format);
        Assert.Equal((512, 406), (image.Width, image.Height));
        Assert.Equal((source.Width, source.Height), (image.Width, image.Height));
        Assert.Equal(source.Pixels, image.Pixels);
    }
}
