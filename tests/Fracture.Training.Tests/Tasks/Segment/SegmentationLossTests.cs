using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Segment;

/// <summary>The mask loss against hand-worked values: BCE inside the assigned box only, per box area, mean over positives.</summary>
public sealed class SegmentationLossTests
{
    // softplus(-2) = ln(1 + e^-2) and softplus(2) = 2 + softplus(-2): BCE of logit 2 against targets 1 and 0.
    private static readonly double Hit = Math.Log(1 + Math.Exp(-2));
    private static readonly double Miss = 2 + Hit;

    [Fact]
    public void Bce_counts_only_the_cells_in_the_box_and_is_divided_by_its_area()
    {
        // A 16x16 input, 4x4 prototype grid (stride 4); one prototype of all ones; anchor 1 of 3 is positive with
        // coefficient 2 (logit 2 everywhere), assigned to gt 0 whose box covers cells [1, 3) x [1, 3) (pixels 4..12).
        // Its mask is on in the box's left column only: 2 cells hit (target 1) and 2 miss (target 0); cells outside
        // the box, though their targets say 1, do not count.
        using var coefficients = tensor(new float[] { 0, 2, 0 }, [1, 1, 3]);
        using var prototypes = ones([1, 1, 4, 4]);
        using var gtMasks = tensor(Targets((1, 1), (1, 2), (0, 0), (3, 3)), [1, 1, 4, 4]);
        using var assignment = Assignment(foreground: [false, true, false], box: [4, 4, 12, 12]);

        using var loss = SegmentationLoss.MaskLoss(coefficients, prototypes, assignment, gtMasks, 16, 16);

        Assert.Equal(((2 * Hit) + (2 * Miss)) / 4, loss.item<float>(), 5);
    }

    [Fact]
    public void Two_positives_average_and_a_box_off_the_cell_grid_uses_cell_indices()
    {
        // Positive 0: logit 0 everywhere -> ln 2 per cell whatever the target. Positive 1: box x 4..10 covers cells
        // 1 and 2 (index in [1, 2.5)), y 4..8 covers cell 1 ([1, 2)): 2 cells, area 1.5 x 1 = 1.5 cells, target 1
        // with logit 2 -> 2 * Hit / 1.5.
        using var coefficients = tensor(new float[] { 0, 2 }, [1, 1, 2]);
        using var prototypes = ones([1, 1, 4, 4]);
        using var gtMasks = ones([1, 1, 4, 4]);
        using var both = new TaskAlignedAssignment(
            zeros([1, 2], dtype: ScalarType.Int64),
            tensor(new float[] { 0, 0, 16, 16, 4, 4, 10, 8 }, [1, 2, 4]),
            zeros([1, 2, 1]),
            tensor(new[] { true, true }, [1, 2]),
            zeros([1, 2], dtype: ScalarType.Int64));

        using var loss = SegmentationLoss.MaskLoss(coefficients, prototypes, both, gtMasks, 16, 16);

        var expected = ((16 * Math.Log(2) / 16) + (2 * Hit / 1.5)) / 2;
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void A_margin_grows_the_counted_cells_and_the_area_around_the_box()
    {
        // The first test's box (cells [1, 3) x [1, 3)) grown by half its size (1 cell) on each side is the whole 4x4
        // grid: its 4 target cells hit and the other 12 miss, over an area of 16 cells.
        using var coefficients = tensor(new float[] { 0, 2, 0 }, [1, 1, 3]);
        using var prototypes = ones([1, 1, 4, 4]);
        using var gtMasks = tensor(Targets((1, 1), (1, 2), (0, 0), (3, 3)), [1, 1, 4, 4]);
        using var assignment = Assignment(foreground: [false, true, false], box: [4, 4, 12, 12]);

        using var loss = SegmentationLoss.MaskLoss(coefficients, prototypes, assignment, gtMasks, 16, 16, margin: 0.5);

        Assert.Equal(((4 * Hit) + (12 * Miss)) / 16, loss.item<float>(), 5);
    }

    [Fact]
    public void A_grown_box_is_cut_at_the_grids_edge()
    {
        // Box cells [2, 4) x [2, 4) grown by 1 cell is [1, 5) x [1, 5), cut to [1, 4) x [1, 4): 9 cells, area 9. Of the
        // targets (1, 1), (1, 2), (0, 0), (3, 3), three lie inside.
        using var coefficients = tensor(new float[] { 2 }, [1, 1, 1]);
        using var prototypes = ones([1, 1, 4, 4]);
        using var gtMasks = tensor(Targets((1, 1), (1, 2), (0, 0), (3, 3)), [1, 1, 4, 4]);
        using var assignment = Assignment(foreground: [true], box: [8, 8, 16, 16]);

        using var loss = SegmentationLoss.MaskLoss(coefficients, prototypes, assignment, gtMasks, 16, 16, margin: 0.5);

        Assert.Equal(((3 * Hit) + (6 * Miss)) / 9, loss.item<float>(), 5);
    }

    [Fact]
    public void No_positive_gives_zero_with_the_mask_branches_still_in_the_graph()
    {
        using var coefficients = tensor(new float[] { 1, 2 }, [1, 1, 2]).requires_grad_();
        using var prototypes = ones([1, 1, 4, 4]).requires_grad_();
        using var gtMasks = ones([1, 1, 4, 4]);
        using var assignment = Assignment(foreground: [false, false], box: [0, 0, 16, 16]);

        using var loss = SegmentationLoss.MaskLoss(coefficients, prototypes, assignment, gtMasks, 16, 16);
        loss.backward();

        Assert.Equal(0, loss.item<float>());
        Assert.Equal(0, coefficients.grad!.abs().sum().item<float>());
    }

    /// <summary>A 4x4 target mask, on at the given (x, y) cells.</summary>
    private static float[] Targets(params (int X, int Y)[] on)
    {
        var targets = new float[16];
        foreach (var (x, y) in on)
        {
            targets[(y * 4) + x] = 1;
        }

        return targets;
    }

    /// <summary>Every anchor assigned gt 0 with the same box; <paramref name="foreground"/> says which count.</summary>
    private static TaskAlignedAssignment Assignment(bool[] foreground, float[] box)
    {
        var anchors = foreground.Length;
        return new TaskAlignedAssignment(
            zeros([1, anchors], dtype: ScalarType.Int64),
            tensor(box, [1, 1, 4]).expand(1, anchors, 4).contiguous(),
            zeros([1, anchors, 1]),
            tensor(foreground, [1, anchors]),
            zeros([1, anchors], dtype: ScalarType.Int64));
    }
}
