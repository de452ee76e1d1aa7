using Fracture.Training.Tasks.Detect;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>
/// A hand-made scene of six anchors (input pixels) and two gts, C = 2:
/// gt 0, class 1, [0,0,20,20] holds a0 (5,5), a1 (15,5), a4 (15,15);
/// gt 1, class 0, [10,0,40,10] holds a1 (15,5), a2 (25,5), a3 (35,5); a5 (50,50) is in neither.
/// Predicted boxes: a0 and a4 are gt 0 exactly, a1 is gt 1 exactly, a2 [10,0,30,10] (CIoU with gt 1 = 0.641472),
/// a3 [30,0,40,10] (CIoU 0.223264). a1's CIoU with gt 0 is 0.033420.
/// Scores are 0.5 except a4's: 0.9 for class 0 and 0.25 for class 1.
/// Alignment (score^0.5 * CIoU^6): gt 0: a0 0.7071, a4 0.5, a1 ~1e-9; gt 1: a1 0.7071, a2 0.7071 * 0.069673,
/// a3 0.7071 * 0.000124.
/// </summary>
public sealed class TaskAlignedAssignerTests
{
    private static readonly float[] Anchors = [5, 5, 15, 5, 25, 5, 35, 5, 15, 15, 50, 50];

    private static readonly float[] Predictions =
    [
        0, 0, 20, 20,
        10, 0, 40, 10,
        10, 0, 30, 10,
        30, 0, 40, 10,
        0, 0, 20, 20,
        40, 40, 60, 60,
    ];

    /// <summary>Image 0: the scene plus a padding row over a5; image 1: only padding rows.</summary>
    private static TaskAlignedAssignment AssignScene(int topK)
    {
        var scores = Enumerable.Repeat(0.5f, 6 * 2).ToArray();
        scores[(4 * 2) + 0] = 0.9f;
        scores[(4 * 2) + 1] = 0.25f;

        using var predScores = tensor(scores.Concat(scores).ToArray(), [2, 6, 2]);
        using var predBoxes = tensor(Predictions.Concat(Predictions).ToArray(), [2, 6, 4]);
        using var anchors = tensor(Anchors, [6, 2]);
        using var labels = tensor(new long[] { 1, 0, 0, 1, 1, 0 }, [2, 3]);
        float[] image0 = [0, 0, 20, 20, 10, 0, 40, 10, 40, 40, 60, 60];
        using var boxes = tensor(image0.Concat(image0).ToArray(), [2, 3, 4]);
        using var mask = tensor(new[] { true, true, false, false, false, false }, [2, 3]);
        return new TaskAlignedAssigner(topK: topK).Assign(predScores, predBoxes, anchors, labels, boxes, mask);
    }

    [Fact]
    public void Each_gt_takes_its_top_k_aligned_anchors_inside_it_with_normalised_scores()
    {
        using var result = AssignScene(topK: 2);

        Assert.Equal([2L, 6], result.Foreground.shape);
        Assert.Equal([2L, 6, 2], result.TargetScores.shape);
        Assert.Equal([2L, 6, 4], result.TargetBoxes.shape);
        var foreground = result.Foreground[0].data<bool>().ToArray();
        Assert.Equal([true, true, true, false, true, false], foreground);

        var gtIndex = result.TargetGtIndex[0].data<long>().ToArray();
        var labels = result.TargetLabels[0].data<long>().ToArray();
        Assert.Equal([0L, 1, 1, 0], new[] { gtIndex[0], gtIndex[1], gtIndex[2], gtIndex[4] });
        Assert.Equal([1L, 0, 0, 1], new[] { labels[0], labels[1], labels[2], labels[4] });
        Assert.Equal([10f, 0, 40, 10], result.TargetBoxes[0, 1].data<float>().ToArray());

        // gt 0: a0 is best (IoU 1): 1; a4: 0.5 / 0.7071. gt 1: a1: 1; a2: 0.641472^6 = 0.069673.
        var scores = result.TargetScores[0].data<float>().ToArray();
        AssertScores([0, 1], scores, 0);
        AssertScores([1, 0], scores, 1);
        AssertScores([0.069673, 0], scores, 2);
        AssertScores([0, 0], scores, 3);
        AssertScores([0, 0.707107], scores, 4);
        AssertScores([0, 0], scores, 5); // inside the padding row's box only

        Assert.False(result.Foreground[1].any().item<bool>());
        Assert.Equal(0, result.TargetScores[1].sum().item<float>());
    }

    [Fact]
    public void An_anchor_claimed_by_two_gts_keeps_the_one_it_overlaps_most()
    {
        // With k = 3 both gts take a1; its CIoU is 1 with gt 1 and 0.033 with gt 0.
        using var result = AssignScene(topK: 3);

        Assert.Equal([true, true, true, true, true, false], result.Foreground[0].data<bool>().ToArray());
        Assert.Equal([0L, 1, 1, 1, 0], result.TargetGtIndex[0].data<long>().ToArray()[..5]);

        var scores = result.TargetScores[0].data<float>().ToArray();
        AssertScores([1, 0], scores, 1);
        AssertScores([0.000124, 0], scores, 3);
        AssertScores([0, 0.707107], scores, 4);
    }

    [Fact]
    public void An_anchor_claimed_by_gts_it_does_not_overlap_at_all_goes_to_one_of_them_not_to_the_first_gt()
    {
        // gt 0 [40,40,60,60] holds only a5; gts 1 [0,0,20,20] and 2 [10,0,40,10] both hold a1, whose predicted box is
        // far away (CIoU < 0 with both, clamped to 0). With k = 6 both take a1, and its overlaps are 0 everywhere:
        // an argmax over every gt's overlap gave gt 0, which a1 is not even inside; only the claimers may compete.
        var predictions = (float[])Predictions.Clone();
        float[] far = [100, 100, 110, 110];
        far.CopyTo(predictions, 4);
        using var predScores = tensor(Enumerable.Repeat(0.5f, 6 * 2).ToArray(), [1, 6, 2]);
        using var predBoxes = tensor(predictions, [1, 6, 4]);
        using var anchors = tensor(Anchors, [6, 2]);
        using var labels = tensor(new long[] { 0, 1, 0 }, [1, 3]);
        using var boxes = tensor(new float[] { 40, 40, 60, 60, 0, 0, 20, 20, 10, 0, 40, 10 }, [1, 3, 4]);
        using var mask = tensor(new[] { true, true, true }, [1, 3]);

        using var result = new TaskAlignedAssigner(topK: 6).Assign(predScores, predBoxes, anchors, labels, boxes, mask);

        Assert.True(result.Foreground[0, 1].item<bool>());
        Assert.Equal(1L, result.TargetGtIndex[0, 1].item<long>()); // the first claimer on a tie
        Assert.Equal([0f, 0, 20, 20], result.TargetBoxes[0, 1].data<float>().ToArray());
    }

    [Fact]
    public void No_gts_in_the_batch_gives_all_background()
    {
        using var predScores = full(2, 6, 2, 0.5f);
        using var predBoxes = zeros(2, 6, 4);
        using var anchors = tensor(Anchors, [6, 2]);
        using var labels = zeros(2, 0, dtype: ScalarType.Int64);
        using var boxes = zeros(2, 0, 4);
        using var mask = zeros(2, 0, dtype: ScalarType.Bool);

        using var result = new TaskAlignedAssigner().Assign(predScores, predBoxes, anchors, labels, boxes, mask);

        Assert.Equal([2L, 6], result.Foreground.shape);
        Assert.Equal([2L, 6, 2], result.TargetScores.shape);
        Assert.False(result.Foreground.any().item<bool>());
        Assert.Equal(0, result.TargetScores.sum().item<float>());
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        using var predScores = full(1, 6, 2, 0.5f);
        using var predBoxes = zeros(1, 5, 4);
        using var anchors = tensor(Anchors, [6, 2]);
        using var labels = zeros(1, 1, dtype: ScalarType.Int64);
        using var boxes = zeros(1, 1, 4);
        using var mask = ones(1, 1, dtype: ScalarType.Bool);
        Assert.Throws<ArgumentException>(() => new TaskAlignedAssigner().Assign(predScores, predBoxes, anchors, labels, boxes, mask));
    }

    private static void AssertScores(double[] expected, float[] scores, int anchor)
    {
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], scores[(anchor * 2) + c], 5);
        }
    }
}
