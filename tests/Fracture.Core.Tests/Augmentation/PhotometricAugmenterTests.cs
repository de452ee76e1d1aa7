using Fracture.Core.Augmentation;
using Fracture.Core.Imaging;

namespace Fracture.Core.Tests.Augmentation;

public class PhotometricAugmenterTests
{
    [Fact]
    public void Brightness_adds_a_fraction_of_255_rounding_halves_up()
    {
        var lut = PhotometricAugmenter.BuildLut(0.1, 1, 1);

        Assert.Equal(126, lut[100]); // 100 + 25.5 = 125.5
        Assert.Equal(26, lut[0]);
        Assert.Equal(255, lut[240]); // clamped
        Assert.Equal(0, PhotometricAugmenter.BuildLut(-0.5, 1, 1)[100]);
    }

    [Fact]
    public void Gamma_raises_the_normalised_level_to_the_power()
    {
        var lut = PhotometricAugmenter.BuildLut(0, 1, 2);

        Assert.Equal(64, lut[128]); // 255 * (128/255)^2 = 64.25
        Assert.Equal(0, lut[0]);
        Assert.Equal(255, lut[255]);
        Assert.Equal(128, PhotometricAugmenter.BuildLut(0, 1, 0.5)[64]); // 255 * (64/255)^0.5 = 127.75
    }

    [Fact]
    public void Contrast_scales_around_mid_grey()
    {
        var lut = PhotometricAugmenter.BuildLut(0, 1.2, 1);

        Assert.Equal(128, lut[128]);
        Assert.Equal(214, lut[200]); // 128 + 72 * 1.2 = 214.4
        Assert.Equal(34, lut[50]); // 128 - 78 * 1.2 = 34.4
        Assert.Equal(186, PhotometricAugmenter.BuildLut(0, 0.8, 1)[200]); // 128 + 72 * 0.8 = 185.6
    }

    [Fact]
    public void Steps_combine_in_the_documented_order()
    {
        // Contrast, then brightness, then gamma: (100 - 128) * 1.2 + 128 + 25.5 = 119.9; 255 * (119.9/255)^0.8 = 139.43.
        Assert.Equal(139, PhotometricAugmenter.BuildLut(0.1, 1.2, 0.8)[100]);
    }

    [Fact]
    public void Neutral_settings_give_the_identity_table()
    {
        Assert.Equal(Enumerable.Range(0, 256).Select(v => (byte)v), PhotometricAugmenter.BuildLut(0, 1, 1));
    }

    [Fact]
    public void Random_table_is_null_when_switched_off_and_reproducible_otherwise()
    {
        Assert.Null(PhotometricAugmenter.RandomLut(AugmentationOptions.None, new Random(1)));

        var a = PhotometricAugmenter.RandomLut(AugmentationOptions.Default, new Random(9));
        var b = PhotometricAugmenter.RandomLut(AugmentationOptions.Default, new Random(9));

        Assert.NotNull(a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Random_brightness_stays_within_its_range()
    {
        var options = AugmentationOptions.None with { Brightness = 0.2 };
        var rng = new Random(4);
        var seen = new HashSet<int>();
        for (var n = 0; n < 200; n++)
        {
            var lut = PhotometricAugmenter.RandomLut(options, rng);
            var mid = lut?[128] ?? 128;
            Assert.InRange(mid, 128 - 51, 128 + 51);
            seen.Add(mid);
        }

        Assert.True(seen.Count > 50, $"only {seen.Count} distinct offsets");
    }

    [Fact]
    public void Apply_maps_every_channel_into_a_new_image()
    {
        var image = new DecodedImage(2, 1, PixelFormat.Rgb24, [0, 100, 128, 200, 255, 50]);
        var lut = PhotometricAugmenter.BuildLut(0, 1.2, 1);

        var mapped = PhotometricAugmenter.Apply(image, lut);

        Assert.Equal([0, 94, 128, 214, 255, 34], mapped.Pixels);
        Assert.Equal([0, 100, 128, 200, 255, 50], image.Pixels);
    }

    [Fact]
    public void Invalid_factors_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PhotometricAugmenter.BuildLut(0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhotometricAugmenter.BuildLut(0, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhotometricAugmenter.BuildLut(double.NaN, 1, 1));
        Assert.Throws<ArgumentException>(() => PhotometricAugmenter.Apply(Patterns.Solid(2, 2, PixelFormat.Gray8, 0), new byte[10]));
    }
}
