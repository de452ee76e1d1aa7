using Fracture.Core.Detection;
using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Detection;

/// <summary>Two views of one image with boxes chosen so every fused box and score is worked out by hand.</summary>
public sealed class WeightedBoxFusionTests
{
    [Fact]
    public void Boxes_both_views_saw_are_averaged_by_score_and_keep_their_summed_score_over_two()
    {
        // View 0: (0,0)-(10,10) at 0.6. View 1: (2,0)-(12,10) at 0.2: IoU 80/120 = 0.667 > 0.55, one cluster.
        // Weighted x1 = (0*0.6 + 2*0.2)/0.8 = 0.5, x2 = (10*0.6 + 12*0.2)/0.8 = 10.5; score (0.6 + 0.2)/2 = 0.4.
        var fused = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.6)], [Box(2, 0, 12, 10, 0.2)]]);

        var only = Assert.Single(fused);
        Assert.Equal(new PixelBox(0.5, 0, 10.5, 10), Rounded(only.Box.Box));
        Assert.Equal(0.4, only.Box.Score, 12);
        Assert.Equal([(0, 0), (1, 0)], only.Members);
    }

    [Fact]
    public void A_box_one_view_alone_saw_keeps_half_its_score_and_ranks_below_agreement()
    {
        // View 0: A (0,0)-(10,10) at 0.5 and B (50,50)-(60,60) at 0.7; view 1: A' (0,0)-(10,10) at 0.5.
        // A + A' -> 1.0 / 2 = 0.5; B alone -> 0.7 / 2 = 0.35: the agreed box ranks first though B scored highest.
        var fused = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.5), Box(50, 50, 60, 60, 0.7)], [Box(0, 0, 10, 10, 0.5)]]);

        Assert.Equal([0.5, 0.35], fused.Select(f => Math.Round(f.Box.Score, 12)));
        Assert.Equal([(0, 0), (1, 0)], fused[0].Members);
        Assert.Equal([(0, 1)], fused[1].Members);
    }

    [Fact]
    public void Only_boxes_of_one_class_overlapping_above_the_threshold_fuse()
    {
        // (0,0)-(10,10) against (5,0)-(15,10): IoU 50/150 = 0.333, below 0.55: two clusters. A third box of another
        // class on the first one's place starts its own cluster.
        var fused = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.8), Box(0, 0, 10, 10, 0.3, classId: 1)], [Box(5, 0, 15, 10, 0.4)]]);

        Assert.Equal([(0.4, 0), (0.2, 0), (0.15, 1)], fused.Select(f => (Math.Round(f.Box.Score, 12), f.Box.ClassId)));
        Assert.All(fused, f => Assert.Single(f.Members));

        // At a threshold of 0.3 the two class-0 boxes fuse: x1 = (0*0.8 + 5*0.4)/1.2 = 1.667, x2 = 11.667, score 0.6.
        var loose = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.8)], [Box(5, 0, 15, 10, 0.4)]], iouThreshold: 0.3);
        Assert.Equal(new PixelBox(1.667, 0, 11.667, 10), Rounded(Assert.Single(loose).Box.Box, 3));
    }

    [Fact]
    public void A_cluster_holds_one_box_per_view_and_absorbs_further_matches()
    {
        // Three boxes on one place from two views: the first two (0.9, 0.6) fill the cluster; the third (0.5) is
        // absorbed, neither fused nor kept: score (0.9 + 0.6)/2 = 0.75.
        var fused = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.9), Box(0, 0, 10, 11, 0.5)], [Box(0, 0, 10, 10, 0.6)]]);

        var only = Assert.Single(fused);
        Assert.Equal(0.75, only.Box.Score, 12);
        Assert.Equal([(0, 0), (1, 0)], only.Members);
    }

    [Fact]
    public void Two_boxes_of_one_view_never_pass_for_agreement()
    {
        // View 0: A (0,0)-(10,10) at 0.9 and B (0,0)-(10,17) at 0.8, IoU 100/170 = 0.588 > 0.55 (both survive NMS at
        // 0.7); view 1 sees nothing. B is a duplicate within view 0: absorbed, and A keeps half its score, 0.45.
        var alone = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.9), Box(0, 0, 10, 17, 0.8)], []]);
        var only = Assert.Single(alone);
        Assert.Equal(0.45, only.Box.Score, 12);
        Assert.Equal([(0, 0)], only.Members);

        // With A' (0,0)-(10,10) at 0.6 in view 1, A' joins A (not B): (0.9 + 0.6)/2 = 0.75, the box A's.
        var agreed = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.9), Box(0, 0, 10, 17, 0.8)], [Box(0, 0, 10, 10, 0.6)]]);
        var both = Assert.Single(agreed);
        Assert.Equal(0.75, both.Box.Score, 12);
        Assert.Equal([(0, 0), (1, 0)], both.Members);
        Assert.Equal(new PixelBox(0, 0, 10, 10), Rounded(both.Box.Box));
    }

    [Fact]
    public void A_box_joins_the_cluster_it_overlaps_most()
    {
        // View 0: C1 (0,0)-(10,10) at 0.9 and C2 (0,0)-(10,19) at 0.8: IoU 100/190 = 0.526, two clusters. View 1: M
        // (0,0)-(10,14) at 0.7 overlaps C1 by 100/140 = 0.714 and C2 by 140/190 = 0.737: it joins C2, the closer.
        // C2 + M: y2 = (19*0.8 + 14*0.7)/1.5 = 16.667, score 0.75; C1 alone 0.45.
        var fused = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.9), Box(0, 0, 10, 19, 0.8)], [Box(0, 0, 10, 14, 0.7)]]);

        Assert.Equal([0.75, 0.45], fused.Select(f => Math.Round(f.Box.Score, 12)));
        Assert.Equal([(0, 1), (1, 0)], fused[0].Members);
        Assert.Equal(new PixelBox(0, 0, 10, 16.667), Rounded(fused[0].Box.Box, 3));
        Assert.Equal([(0, 0)], fused[1].Members);
    }

    [Fact]
    public void Boxes_scored_zero_fuse_to_their_plain_mean_and_the_cap_keeps_the_best()
    {
        var zero = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0)], [Box(2, 0, 12, 10, 0)]]);
        Assert.Equal(new PixelBox(1, 0, 11, 10), Assert.Single(zero).Box.Box);

        var capped = WeightedBoxFusion.Fuse([[Box(0, 0, 10, 10, 0.2), Box(50, 50, 60, 60, 0.8)]], maxBoxes: 1);
        Assert.Equal(0.8, Assert.Single(capped).Box.Score, 12);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightedBoxFusion.Fuse([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightedBoxFusion.Fuse([[]], iouThreshold: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightedBoxFusion.Fuse([[]], iouThreshold: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightedBoxFusion.Fuse([[]], maxBoxes: -1));
    }

    private static ScoredBox Box(double x1, double y1, double x2, double y2, double score, int classId = 0) => new(new PixelBox(x1, y1, x2, y2), score, classId);

    private static PixelBox Rounded(PixelBox box, int digits = 9) =>
        new(Math.Round(box.X1, digits), Math.Round(box.Y1, digits), Math.Round(box.X2, digits), Math.Round(box.Y2, digits));
}
