using Fracture.Core.Imaging;

namespace Fracture.Core.Tests.Imaging;

public class InputNormalizationTests
{
    // A 2x1 RGB image: (10, 20, 30) then (200, 100, 0).
    private static readonly byte[] Rgb2x1 = [10, 20, 30, 200, 100, 0];

    [Fact]
    public void DnnImageFeaturizer_writes_bgr_planes_minus_the_channel_means()
    {
        var tensor = new float[6];
        InputNormalization.DnnImageFeaturizer.Fill(tensor, Rgb2x1, 2, 1, 3);

        // Plane 0 is blue, plane 1 green, plane 2 red; 0..255 minus the mean, std 1.
        float[] expected = [30 - 103.06f, 0 - 103.06f, 20 - 115.90f, 100 - 115.90f, 10 - 123.15f, 200 - 123.15f];
        AssertClose(expected, tensor, 1e-4f);
    }

    [Fact]
    public void ImageNetRgb_writes_rgb_planes_scaled_to_unit_range_and_standardised()
    {
        var tensor = new float[6];
        InputNormalization.ImageNetRgb.Fill(tensor, Rgb2x1, 2, 1, 3);

        // (v / 255 - mean) / std, worked out independently in double precision.
        float[] expected = [-1.9466564f, 1.3070468f, -1.6855742f, -0.2850140f, -1.2815686f, -1.8044444f];
        AssertClose(expected, tensor, 1e-6f);
    }

    [Fact]
    public void Grey_pixels_are_replicated_to_all_three_planes()
    {
        var tensor = new float[6];
        InputNormalization.DnnImageFeaturizer.Fill(tensor, [0, 255], 2, 1, 1);

        float[] expected = [-103.06f, 255 - 103.06f, -115.90f, 255 - 115.90f, -123.15f, 255 - 123.15f];
        AssertClose(expected, tensor, 1e-4f);
    }

    [Fact]
    public void Fill_writes_into_a_batch_slot_and_leaves_the_rest_alone()
    {
        var batch = new float[12];
        Array.Fill(batch, 7f);
        InputNormalization.ImageNetRgb.Fill(batch.AsSpan(6), Rgb2x1, 2, 1, 3);

        Assert.All(batch[..6], v => Assert.Equal(7f, v));
        Assert.Equal(InputNormalization.ImageNetRgb.Normalize(0, 10), batch[6]);
    }

    [Fact]
    public void Fill_from_a_decoded_image_matches_the_span_overload()
    {
        var image = new DecodedImage(2, 1, PixelFormat.Rgb24, Rgb2x1);
        var viaSpan = new float[6];
        InputNormalization.ImageNetRgb.Fill(viaSpan, Rgb2x1, 2, 1, 3);

        Assert.Equal(viaSpan, InputNormalization.ImageNetRgb.ToArray(image));
    }

    [Fact]
    public void Wrong_sizes_are_rejected()
    {
        var norm = InputNormalization.ImageNetRgb;
        Assert.Throws<ArgumentException>(() => norm.Fill(new float[6], Rgb2x1.AsSpan(0, 5), 2, 1, 3));
        Assert.Throws<ArgumentException>(() => norm.Fill(new float[5], Rgb2x1, 2, 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => norm.Fill(new float[6], Rgb2x1, 2, 1, 4));
        Assert.Throws<ArgumentException>(() => new InputNormalization(ChannelOrder.Rgb, 1, [0, 0], [1, 1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InputNormalization(ChannelOrder.Rgb, 1, [0, 0, 0], [1, 0, 1]));
    }

    [Fact]
    public void Equality_compares_the_numbers()
    {
        var copy = new InputNormalization(ChannelOrder.Bgr, 1f, [103.06f, 115.90f, 123.15f], [1f, 1f, 1f]);
        Assert.Equal(InputNormalization.DnnImageFeaturizer, copy);
        Assert.Equal(InputNormalization.DnnImageFeaturizer.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(InputNormalization.DnnImageFeaturizer, InputNormalization.ImageNetRgb);
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }
}
