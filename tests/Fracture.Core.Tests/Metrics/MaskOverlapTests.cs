using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

/// <summary>
/// Scoring predictions by the mask IoU of their outlines (<see cref="OverlapMeasure.Mask"/>), worked by hand.
/// <para>
/// One image. Object A: class 0, a box label [0,0,10,10] (no polygon, so its outline is the box: 100 pixels). Object B:
/// class 1, the triangle (20,0) (30,0) (20,10) with extent [20,0,30,10]; a pixel is in when its centre is, i.e.
/// x + y &lt;= 8 in the box's own cells (the diagonal x + y = 9 has its centres on the hypotenuse, a right edge, so it
/// is out): 9 + 8 + ... + 1 = 45 pixels.
/// </para>
/// <para>
/// Predictions: a (class 0, 0.9), box [0,0,10,10], outline the top half [0,0,10,5] (50 pixels): IoU 50/100 with A.
/// b (class 1, 0.8), box and outline [20,0,30,10] (100 pixels): IoU 45/100 with B. c (class 0, 0.7), box A's, no
/// polygon: overlaps nothing. d (class 0, 0.6), box A's, a two-point polygon: overlaps nothing. Every pair whose
/// boxes do not overlap is 0. By boxes instead, a, c and d have IoU 1 with A and b has 1 with B.
/// </para>
/// </summary>
public class MaskOverlapTests
{
    private const double Tolerance = 1e-12;

    private static readonly ImageGroundTruth Truth = new("x.png",
    [
        new GroundTruthBox(0, new PixelBox(0, 0, 10, 10)),
        new GroundTruthBox(1, new PixelBox(20, 0, 30, 10), [new(20, 0), new(30, 0), new(20, 10)]),
    ]);

    private static readonly DetectionPrediction[] Predictions =
    [
        new("x.png", 0, 0.9, new PixelBox(0, 0, 10, 10), new PixelBox(0, 0, 10, 5).Corners()),
        new("x.png", 1, 0.8, new PixelBox(20, 0, 30, 10), new PixelBox(20, 0, 30, 10).Corners()),
        new("x.png", 0, 0.7, new PixelBox(0, 0, 10, 10)),
        new("x.png", 0, 0.6, new PixelBox(0, 0, 10, 10), [new(0, 0), new(10, 10)]),
    ];

    [Fact]
    public void Matrix_holds_the_outlines_iou_and_zero_without_a_polygon()
    {
        var matrix = ImageIoUMatrix.FromMasks(Truth, Predictions);

        double[,] expected = { { 0.5, 0 }, { 0, 0.45 }, { 0, 0 }, { 0, 0 } };
        Assert.Equal(expected, matrix.IoU);
        Assert.Equal([0, 1], matrix.GroundTruthClasses);
        Assert.Equal([0, 1, 0, 0], matrix.PredictionClasses);
        Assert.Equal([0.9, 0.8, 0.7, 0.6], matrix.PredictionScores);
    }

    [Fact]
    public void A_box_label_is_compared_as_its_box_and_a_polygon_label_as_its_polygon()
    {
        Assert.Equal([new(0, 0), new(10, 0), new(10, 10), new(0, 10)], Truth.Boxes[0].Outline);
        Assert.Same(Truth.Boxes[1].Polygon, Truth.Boxes[1].Outline);
    }

    [Fact]
    public void Mask_scoring_gives_the_hand_worked_ap_where_box_scoring_is_perfect()
    {
        // Class 0 by masks: a is a true positive at IoU 0.50 only (0.5 >= 0.50, < 0.55), c and d are false positives;
        // a comes first, so AP50 = 1 and AP at 0.55..0.95 = 0: AP50-95 = 1/10. Class 1: b's 0.45 misses at every
        // threshold: AP 0. mAP50 = 1/2, mAP50-95 = 1/20.
        var masks = DetectionEvaluator.Evaluate([Truth], Predictions, measure: OverlapMeasure.Mask);
        var boxes = DetectionEvaluator.Evaluate([Truth], Predictions);

        Assert.Equal(1, masks.PerClass[0].Ap50, Tolerance);
        Assert.Equal(0.1, masks.PerClass[0].Ap50To95, Tolerance);
        Assert.Equal(0, masks.PerClass[1].Ap50, Tolerance);
        Assert.Equal(0.5, masks.Map50, Tolerance);
        Assert.Equal(0.05, masks.Map50To95, Tolerance);
        Assert.Equal(1, boxes.Map50, Tolerance);
        Assert.Equal(1, boxes.Map50To95, Tolerance);
    }

    [Fact]
    public void Split_matrices_by_masks_keep_the_ground_truth_order_and_count_unknown_images()
    {
        var empty = new ImageGroundTruth("empty.png", []);
        DetectionPrediction[] predictions = [.. Predictions, new("ghost.png", 0, 0.5, new PixelBox(0, 0, 1, 1), new PixelBox(0, 0, 1, 1).Corners())];

        var split = DetectionEvaluator.Matrices([empty, Truth], predictions, OverlapMeasure.Mask);

        Assert.Equal(["empty.png", "x.png"], split.Images.Select(i => i.Image));
        Assert.Equal(0.45, split.Images[1].IoU[1, 1], Tolerance);
        Assert.Equal(1, split.UnknownImages);
        Assert.Equal(1, split.UnknownImagePredictions);
    }
}
