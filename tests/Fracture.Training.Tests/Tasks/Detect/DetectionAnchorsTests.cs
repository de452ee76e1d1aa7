using Fracture.Training.Tasks.Detect;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

public sealed class DetectionAnchorsTests
{
    [Fact]
    public void A_64x64_input_has_84_anchors_in_level_then_row_then_column_order()
    {
        var sizes = DetectionAnchors.FeatureSizes(64, 64, DetectionAnchors.DefaultStrides);
        Assert.Equal([(8, 8), (4, 4), (2, 2)], sizes);
        Assert.Equal(84, DetectionAnchors.Count(64, 64, DetectionAnchors.DefaultStrides));

        var (points, strides) = DetectionAnchors.Make(sizes, DetectionAnchors.DefaultStrides);
        using (points)
        using (strides)
        {
            Assert.Equal([84L, 2], points.shape);
            Assert.Equal([84L, 1], strides.shape);
            Assert.Equal(ScalarType.Float32, points.dtype);
            Assert.Equal(ScalarType.Float32, strides.dtype);

            var xy = points.data<float>().ToArray();
            var s = strides.data<float>().ToArray();
            (float X, float Y) At(int a) => (xy[2 * a], xy[(2 * a) + 1]);

            Assert.Equal((0.5f, 0.5f), At(0));
            Assert.Equal((1.5f, 0.5f), At(1));   // x is the inner index
            Assert.Equal((0.5f, 1.5f), At(8));   // next row of the 8x8 level
            Assert.Equal((7.5f, 7.5f), At(63));
            Assert.Equal((0.5f, 0.5f), At(64));  // first cell of the stride-16 level
            Assert.Equal((3.5f, 3.5f), At(79));
            Assert.Equal((0.5f, 0.5f), At(80));  // first cell of the stride-32 level
            Assert.Equal((1.5f, 1.5f), At(83));

            Assert.All(s[..64], v => Assert.Equal(8f, v));
            Assert.All(s[64..80], v => Assert.Equal(16f, v));
            Assert.All(s[80..], v => Assert.Equal(32f, v));
        }
    }

    [Fact]
    public void Non_square_inputs_give_height_by_width_grids()
    {
        Assert.Equal([(4, 8), (2, 4), (1, 2)], DetectionAnchors.FeatureSizes(32, 64, DetectionAnchors.DefaultStrides));
        var (points, strides) = DetectionAnchors.ForImage(32, 64, DetectionAnchors.DefaultStrides);
        using (points)
        using (strides)
        {
            var xy = points.data<float>().ToArray();
            Assert.Equal(32 + 8 + 2, (int)points.shape[0]);
            Assert.Equal((7.5f, 0.5f), (xy[14], xy[15])); // anchor 7: end of the first row
            Assert.Equal((0.5f, 1.5f), (xy[16], xy[17])); // anchor 8: start of the second row
        }
    }

    [Fact]
    public void Sides_that_are_not_multiples_of_the_largest_stride_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DetectionAnchors.FeatureSizes(64, 48, DetectionAnchors.DefaultStrides));
        Assert.Throws<ArgumentException>(() => DetectionAnchors.FeatureSizes(0, 64, DetectionAnchors.DefaultStrides));
    }
}
