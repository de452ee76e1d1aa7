using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public sealed class BinaryMaskPixelsTests
{
    [Fact]
    public void Pixels_round_trip_row_major_across_word_boundaries()
    {
        // 13 x 11 = 143 pixels: three 64-bit words, the last partly used.
        var pixels = Enumerable.Range(0, 13 * 11).Select(i => i % 3 == 0 || i is 63 or 64 or 142).ToArray();

        var mask = BinaryMask.FromPixels(13, 11, pixels);

        Assert.Equal(pixels, mask.ToPixels());
        Assert.Equal(pixels.Count(p => p), mask.PixelCount);
        Assert.Equal(pixels[(4 * 13) + 7], mask[7, 4]);
    }
}
