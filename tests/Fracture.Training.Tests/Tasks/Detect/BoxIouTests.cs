using Fracture.Training.Tasks.Detect;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

public sealed class BoxIouTests
{
    private static double Ciou(float[] a, float[] b)
    {
        using var ta = tensor(a);
        using var tb = tensor(b);
        using var ciou = BoxIou.Ciou(ta, tb);
        Assert.Empty(ciou.shape);
        return ciou.item<float>();
    }

    [Fact]
    public void Identical_boxes_have_ciou_1()
    {
        Assert.Equal(1, Ciou([3, 4, 10, 20], [3, 4, 10, 20]), 5);
    }

    [Fact]
    public void Disjoint_boxes_have_a_negative_ciou_from_the_centre_distance()
    {
        // IoU 0; centres (0.5, 0.5) and (2.5, 0.5): distance^2 = 4; enclosing box 3x1: diagonal^2 = 10; same aspect.
        Assert.Equal(-0.4, Ciou([0, 0, 1, 1], [2, 0, 3, 1]), 5);
    }

    [Fact]
    public void Partial_overlaps_match_hand_computed_values()
    {
        // Same shape, shifted by 1: intersection 1x2 = 2, union 4 + 4 - 2 = 6, IoU 1/3; centres (1,1) and (2,1):
        // distance^2 = 1; enclosing 3x2: diagonal^2 = 13; aspect term 0. CIoU = 1/3 - 1/13 = 0.256410.
        Assert.Equal(0.256410, Ciou([0, 0, 2, 2], [1, 0, 3, 2]), 5);

        // 4x2 against the 2x2 inside it: IoU 4/8 = 0.5; centres (2,1) and (1,1): 1 / (16 + 4) = 0.05;
        // v = 4/pi^2 (atan(2/2) - atan(4/2))^2 = 0.405285 * 0.103523 = 0.041956;
        // trade-off = v / (v - IoU + 1) = 0.077416; v * trade-off = 0.003248. CIoU = 0.5 - 0.05 - 0.003248 = 0.446752.
        Assert.Equal(0.446752, Ciou([0, 0, 4, 2], [0, 0, 2, 2]), 5);
    }

    [Fact]
    public void Ciou_is_elementwise_with_broadcasting()
    {
        using var a = tensor(new[] { 0f, 0f, 2f, 2f }, [1, 1, 4]);
        using var b = tensor(new[] { 0f, 0f, 2f, 2f, 1f, 0f, 3f, 2f, 0f, 0f, 1f, 1f }, [1, 3, 4]);
        using var ciou = BoxIou.Ciou(a, b);
        Assert.Equal([1L, 3], ciou.shape);
        var values = ciou.data<float>().ToArray();
        Assert.Equal(1, values[0], 5);
        Assert.Equal(0.256410, values[1], 5);
    }
}
