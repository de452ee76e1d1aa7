using Fracture.Core.Imaging;
using Fracture.Dicom.Tests.Support;

namespace Fracture.Dicom.Tests;

/// <summary>
/// Grey DICOM to 8 bits, end to end through the worker. Expected bytes are worked out by hand from PS3.3 C.11.2.1.2
/// (LINEAR: 0 at x &lt;= c - 0.5 - (w-1)/2, 255 above c - 0.5 + (w-1)/2, else ((x - (c - 0.5)) / (w-1) + 0.5) * 255),
/// rounded half away from zero.
/// </summary>
public sealed class GrayscaleWindowingTests
{
    [Fact]
    public void Eight_bit_monochrome2_without_a_window_spans_its_own_min_max()
    {
        // Range 50..150: 75 -> 0.25 * 255 = 63.75 -> 64; 100 -> 127.5 -> 128.
        var image = Decode(TestDicom.Gray8(4, 1, [50, 75, 100, 150]));

        Assert.Equal(PixelFormat.Gray8, image.Format);
        Assert.Equal((4, 1), (image.Width, image.Height));
        Assert.Equal([0, 64, 128, 255], image.Pixels);
    }

    [Fact]
    public void A_sixteen_bit_ramp_through_its_first_window_gives_the_hand_worked_bytes()
    {
        // Centre 2048, width 1024: black up to 1536, white above 2559, in between ((x - 2047.5) / 1023 + 0.5) * 255:
        // 1537 -> 0.249 -> 0; 1792 -> 63.81 -> 64; 2047 -> 127.38 -> 127; 2048 -> 127.62 -> 128; 2304 -> 191.44 -> 191;
        // 2559 -> 255 exactly. The second pair (40 / 80) is ignored; 65535 checks the full unsigned range.
        var spec = TestDicom.Gray16(10, 1, [1000, 1536, 1537, 1792, 2047, 2048, 2304, 2559, 2560, 65535])
            .With(0x0028, 0x1050, "2048\\40")
            .With(0x0028, 0x1051, "1024\\80");

        Assert.Equal([0, 0, 0, 64, 127, 128, 191, 255, 255, 255], Decode(spec).Pixels);
    }

    [Fact]
    public void Monochrome1_is_inverted()
    {
        // The min-max case above, as 1 - y: 75 -> 0.75 * 255 = 191.25 -> 191; 100 -> 127.5 -> 128.
        var image = Decode(TestDicom.Gray8(4, 1, [50, 75, 100, 150]) with { Photometric = "MONOCHROME1" });

        Assert.Equal([255, 191, 128, 0], image.Pixels);
    }

    [Fact]
    public void A_presentation_lut_shape_of_inverse_inverts_monochrome2()
    {
        var image = Decode(TestDicom.Gray8(4, 1, [50, 75, 100, 150]).With(0x2050, 0x0020, "INVERSE"));

        Assert.Equal([255, 191, 128, 0], image.Pixels);
    }

    [Theory]
    [InlineData(null)] // Secondary Capture, the writer's default; GDCM rescales it (and CT, CR, PET) itself
    [InlineData("1.2.840.10008.5.1.4.1.1.1.1")] // Digital X-Ray, for presentation
    [InlineData("1.2.840.10008.5.1.4.1.1.12.1")] // X-Ray Angiography (GDCM's writer aborts on some other classes)
    public void The_rescale_intercept_applies_before_the_window_whatever_the_storage_class(string? sopClass)
    {
        // Stored 1024, 1064, 1104, 1000 with intercept -1024 are 0, 40, 80, -24 (CT-style units). Window 40 / 81:
        // black at x <= -0.5, white above 79.5; 0 -> (-39.5 / 80 + 0.5) * 255 = 1.59 -> 2; 40 -> 129.09 -> 129.
        // GDCM's own slope and intercept are read for CT, CR, PET and Secondary Capture only (1 and 0 elsewhere), so
        // the worker reads the two attributes itself.
        var spec = TestDicom.Gray16(4, 1, [1024, 1064, 1104, 1000])
            .With(0x0028, 0x1052, "-1024")
            .With(0x0028, 0x1053, "1")
            .With(0x0028, 0x1050, "40")
            .With(0x0028, 0x1051, "81");
        if (sopClass is not null)
        {
            spec = spec.With(0x0008, 0x0016, sopClass);
        }

        Assert.Equal([2, 129, 255, 0], Decode(spec).Pixels);
    }

    [Fact]
    public void The_rescale_slope_scales_and_linear_exact_uses_the_exact_window_ends()
    {
        // Slope 0.5, intercept 10: stored 0, 100, 200 are 10, 60, 110. LINEAR_EXACT 60 / 100: (x - 60) / 100 + 0.5,
        // black at x <= 10, white above 110: 10 -> 0, 60 -> 127.5 -> 128, 110 -> 255.
        var spec = TestDicom.Gray16(3, 1, [0, 100, 200])
            .With(0x0028, 0x1052, "10")
            .With(0x0028, 0x1053, "0.5")
            .With(0x0028, 0x1050, "60")
            .With(0x0028, 0x1051, "100")
            .With(0x0028, 0x1056, "LINEAR_EXACT");

        Assert.Equal([0, 128, 255], Decode(spec).Pixels);
    }

    [Fact]
    public void A_sigmoid_window_follows_the_logistic_curve()
    {
        // 255 / (1 + exp(-4 (x - 50) / 100)): 0 -> 30.4 -> 30; 50 -> 127.5 -> 128; 100 -> 224.6 -> 225.
        var spec = TestDicom.Gray8(3, 1, [0, 50, 100])
            .With(0x0028, 0x1050, "50")
            .With(0x0028, 0x1051, "100")
            .With(0x0028, 0x1056, "SIGMOID");

        Assert.Equal([30, 128, 225], Decode(spec).Pixels);
    }

    [Fact]
    public void Signed_sixteen_bit_values_keep_their_sign()
    {
        // -1000..1000: -1 -> 999 / 2000 * 255 = 127.37 -> 127; 0 -> 127.5 -> 128. Read as unsigned, -1 would be the maximum.
        var image = Decode(TestDicom.Gray16(4, 1, [-1000, -1, 0, 1000], signed: true));

        Assert.Equal([0, 127, 128, 255], image.Pixels);
    }

    [Fact]
    public void Signed_twelve_bit_values_in_sixteen_bits_are_sign_extended_from_bit_eleven()
    {
        // Range -2048..2047 (4095 wide): -1 -> 2047 / 4095 * 255 = 127.47 -> 127; 0 -> 127.53 -> 128.
        var image = Decode(TestDicom.Gray16(4, 1, [-2048, -1, 0, 2047], bitsStored: 12, signed: true));

        Assert.Equal([0, 127, 128, 255], image.Pixels);
    }

    [Fact]
    public void Bits_above_bits_stored_are_ignored()
    {
        // 12-bit values with 0xA000 set in the unused high bits (as overlays once were): still 0, 4095 and 2048.
        var image = Decode(TestDicom.Gray16(3, 1, [0xA000, 0xA000 | 4095, 0xA000 | 2048], bitsStored: 12));

        Assert.Equal([0, 255, 128], image.Pixels);
    }

    [Fact]
    public void A_voi_lut_wins_over_the_window_and_clamps_outside_its_range()
    {
        // 4 entries from 0, 8-bit output: 0, 10, 200, 255; 5 lies past the table and takes its last entry. The window
        // (1000 / 10) would make every pixel black.
        var spec = TestDicom.Gray16(5, 1, [0, 1, 2, 3, 5])
            .With(0x0028, 0x1050, "1000")
            .With(0x0028, 0x1051, "10")
            with { VoiLut = ([4, 0, 8], [0, 10, 200, 255]) };

        Assert.Equal([0, 10, 200, 255, 255], Decode(spec).Pixels);
    }

    [Fact]
    public void A_sixteen_bit_voi_lut_starts_at_its_first_mapped_value()
    {
        // 3 entries from 100, 16-bit output: 99 and 100 -> 0; 101 -> 32768 / 65535 * 255 = 127.5 -> 128; 102, 103 -> 255.
        var spec = TestDicom.Gray16(5, 1, [99, 100, 101, 102, 103]) with { VoiLut = ([3, 100, 16], [0, 32768, 65535]) };

        Assert.Equal([0, 0, 128, 255, 255], Decode(spec).Pixels);
    }

    [Fact]
    public void A_constant_image_is_black_rather_than_a_division_by_zero()
    {
        Assert.Equal([0, 0, 0, 0], Decode(TestDicom.Gray16(2, 2, [700, 700, 700, 700])).Pixels);
    }

    [Fact]
    public void A_multi_frame_file_gives_its_first_frame()
    {
        // Frame 0 is a ramp 0..3 (min-max to 0, 85, 170, 255); frames 1 and 2 are constant 200 and would change the range.
        var spec = TestDicom.Gray8(2, 2, [0, 1, 2, 3, 200, 200, 200, 200, 200, 200, 200, 200]) with { Frames = 3 };

        var image = Decode(spec);

        Assert.Equal((2, 2), (image.Width, image.Height));
        Assert.Equal([0, 85, 170, 255], image.Pixels);
    }

    private static DecodedImage Decode(TestDicom spec) => DicomDecoder.Decode(DicomTestWriter.Bytes(spec), 1_000_000);
}
