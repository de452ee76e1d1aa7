using Fracture.Core.Datasets.Similarity;

namespace Fracture.Core.Tests.Datasets.Similarity;

public sealed class GrayPlaneTests
{
    [Fact]
    public void Area_resize_averages_each_block()
    {
        // 4x4 -> 2x2: each target cell is the mean of a 2x2 block.
        byte[] gray =
        [
            0, 2, 10, 10,
            4, 6, 10, 10,
            100, 100, 1, 2,
            100, 100, 3, 4,
        ];

        var plane = GrayPlane.FromGray8(gray, 4, 4, 2);

        Assert.Equal([3f, 10f, 100f, 2.5f], plane.Pixels);
    }

    [Fact]
    public void Equalisation_maps_ranks_to_0_255_and_ties_share_a_rank()
    {
        // Sorted: 5, 7, 7, 9 -> ranks 0, 1.5, 1.5, 3 of 3 -> 0, 127.5, 127.5, 255.
        var plane = new GrayPlane(2, [9f, 7f, 5f, 7f]).Equalized();

        Assert.Equal([255f, 127.5f, 0f, 127.5f], plane.Pixels);
    }

    [Fact]
    public void Upright_full_sample_reproduces_the_plane_and_a_half_turn_reverses_it()
    {
        var pixels = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();
        var plane = new GrayPlane(4, pixels);

        var same = plane.Sample(4, 0, 1, 1);
        var turned = plane.Sample(4, 180, 1, 1);

        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(pixels[i], same.Pixels[i], 4);
            Assert.Equal(pixels[15 - i], turned.Pixels[i], 4);
        }
    }

    [Fact]
    public void Sampling_outside_the_plane_reads_zero()
    {
        var plane = new GrayPlane(2, [10f, 10f, 10f, 10f]);

        // Zoom 0.5 covers twice the plane's side: the border cells fall outside.
        var wide = plane.Sample(4, 0, 0.5, 1);

        Assert.Equal(0f, wide.Pixels[0]);
        Assert.Equal(10f, wide.Pixels[5], 4);
    }
}
