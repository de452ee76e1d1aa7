using Fracture.Core.Metrics;
using static Fracture.Core.Tests.Metrics.DetectionTestData;

namespace Fracture.Core.Tests.Metrics;

public class DetectionEvaluatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Two_images_two_classes_give_the_hand_worked_ap()
    {
        var (gt, preds) = TwoImageExample();

        var m = DetectionEvaluator.Evaluate(gt, preds);

        // Class 0, 3 GT, order TP FP TP: recall 1/3, 1/3, 2/3; precision 1, 1/2, 2/3 -> envelope 1, 2/3, 2/3.
        // Recall points 0..0.33 (34) -> 1; 0.34..0.66 (33) -> 2/3; 0.67..1 (34) -> 0.
        // AP = (34 * 1 + 33 * 2/3) / 101 = 56/101 at every IoU threshold (the TPs overlap exactly).
        var c0 = m.PerClass[0];
        Assert.Equal(56.0 / 101, c0.Ap50, Tolerance);
        Assert.Equal(56.0 / 101, c0.Ap50To95, Tolerance);
        Assert.Equal(3, c0.Instances);
        Assert.Equal(3, c0.Predictions);

        // Class 1, 1 GT, order FP TP: recall 0, 1; precision 0, 1/2 -> envelope 1/2, 1/2 -> AP 1/2.
        Assert.Equal(0.5, m.PerClass[1].Ap50, Tolerance);

        // mAP = (56/101 + 1/2) / 2 = 213/404.
        Assert.Equal(213.0 / 404, m.Map50, Tolerance);
        Assert.Equal(213.0 / 404, m.Map50To95, Tolerance);
        Assert.Equal(2, m.ImagesEvaluated);
        Assert.Equal(2, m.ClassesEvaluated);
    }

    [Fact]
    public void Curve_at_iou_50_is_the_interpolated_envelope()
    {
        var (gt, preds) = TwoImageExample();

        var curve = DetectionEvaluator.Evaluate(gt, preds).PerClass[0].Curve50!;

        // Same envelope as above: 1 up to recall 0.33, 2/3 from 0.34 to 0.66, 0 from 0.67.
        Assert.Equal(101, curve.Recall.Length);
        Assert.Equal(0.34, curve.Recall[34], Tolerance);
        Assert.Equal(1.0, curve.Precision[33], Tolerance);
        Assert.Equal(2.0 / 3, curve.Precision[34], Tolerance);
        Assert.Equal(2.0 / 3, curve.Precision[66], Tolerance);
        Assert.Equal(0.0, curve.Precision[67], Tolerance);
    }

    [Fact]
    public void Precision_recall_f1_are_taken_at_the_threshold_maximising_mean_f1()
    {
        var (gt, preds) = TwoImageExample();

        var m = DetectionEvaluator.Evaluate(gt, preds);

        // Mean F1 over the two classes for each candidate score s (predictions with score >= s):
        //  0.95: c0 none -> 0;          c1 1 FP -> 0;                        mean 0
        //  0.90: c0 P 1, R 1/3 -> 1/2;  c1 0                                 mean 1/4
        //  0.80: c0 P 1/2, R 1/3 -> 2/5; c1 0                                mean 1/5
        //  0.70: c0 P 2/3, R 2/3 -> 2/3; c1 0                                mean 1/3
        //  0.60: c0 2/3;                c1 P 1/2, R 1 -> 2/3                 mean 2/3  <- best
        Assert.Equal(0.6, m.ConfidenceThreshold);
        Assert.Equal(2.0 / 3, m.F1, Tolerance);
        Assert.Equal((2.0 / 3 + 0.5) / 2, m.Precision, Tolerance);
        Assert.Equal((2.0 / 3 + 1) / 2, m.Recall, Tolerance);
        Assert.Equal(0.5, m.PerClass[1].Precision, Tolerance);
        Assert.Equal(1.0, m.PerClass[1].Recall, Tolerance);
        Assert.Equal(2.0 / 3, m.PerClass[0].F1, Tolerance);
    }

    [Fact]
    public void Predictions_equal_to_ground_truth_score_one()
    {
        var (gt, _) = TwoImageExample();
        var preds = gt.SelectMany(i => i.Boxes.Select(b => new DetectionPrediction(i.Image, b.ClassId, 0.5, b.Box))).ToArray();

        var m = DetectionEvaluator.Evaluate(gt, preds);

        Assert.Equal(1.0, m.Map50, Tolerance);
        Assert.Equal(1.0, m.Map50To95, Tolerance);
        Assert.Equal(1.0, m.F1, Tolerance);
        Assert.Equal(0.5, m.ConfidenceThreshold);
    }

    [Fact]
    public void Box_shifted_to_iou_06_scores_ap_one_up_to_06_and_zero_above()
    {
        // GT [0,4]x[0,4], prediction [1,5]x[0,4]: IoU = 12 / 20 = 0.6. It matches at 0.50, 0.55, 0.60
        // (IoU >= t) and misses at the seven thresholds above -> mAP50-95 = 3 / 10.
        var m = DetectionEvaluator.Evaluate([Image("a.jpg", Gt(0, 0, 0, 4, 4))], [Pred("a.jpg", 0, 0.9, 1, 0, 5, 4)]);

        Assert.Equal(1.0, m.Map50, Tolerance);
        Assert.Equal(0.3, m.Map50To95, Tolerance);
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], m.PerClass[0].ApPerThreshold);
    }

    [Fact]
    public void No_predictions_give_zero()
    {
        var (gt, _) = TwoImageExample();

        var m = DetectionEvaluator.Evaluate(gt, []);

        Assert.Equal(0.0, m.Map50);
        Assert.Equal(0.0, m.Map50To95);
        Assert.Equal(0.0, m.Precision);
        Assert.Equal(0.0, m.Recall);
        Assert.Equal(0.0, m.F1);
        Assert.Equal(0.0, m.ConfidenceThreshold);

        // Every object is missed: 3 of class 0 and 1 of class 1 in the background column.
        Assert.Equal(3, m.Confusion[0, m.Confusion.BackgroundIndex]);
        Assert.Equal(1, m.Confusion[1, m.Confusion.BackgroundIndex]);
    }

    [Fact]
    public void Class_without_ground_truth_is_left_out_of_the_means()
    {
        DetectionEvaluationOptions options = new() { ClassNames = ["elbow", "wrist", "shoulder"] };
        ImageGroundTruth[] gt = [Image("a.jpg", Gt(0, 0, 0, 10, 10))];
        DetectionPrediction[] preds =
        [
            Pred("a.jpg", 0, 0.5, 0, 0, 10, 10),
            Pred("a.jpg", 2, 0.99, 40, 40, 50, 50),
        ];

        var m = DetectionEvaluator.Evaluate(gt, preds, options);

        // Only elbow has objects: its AP is 1 and is the mean. Shoulder's 0.99 prediction plays no part,
        // so the best threshold is elbow's 0.5 with P = R = F1 = 1.
        Assert.Equal(1.0, m.Map50, Tolerance);
        Assert.Equal(1.0, m.Map50To95, Tolerance);
        Assert.Equal(1, m.ClassesEvaluated);
        Assert.Equal(0.5, m.ConfidenceThreshold);
        Assert.Equal(1.0, m.F1, Tolerance);
        Assert.Equal(3, m.PerClass.Count);
        Assert.Equal("shoulder", m.PerClass[2].Name);
        Assert.False(m.PerClass[1].HasGroundTruth);
        Assert.False(m.PerClass[2].HasGroundTruth);
        Assert.True(double.IsNaN(m.PerClass[2].Ap50));
        Assert.Equal(1, m.PerClass[2].Predictions);
        Assert.Null(m.PerClass[2].Curve50);
    }

    [Fact]
    public void Equal_scores_keep_image_order()
    {
        // One object on b.jpg; a FP on a.jpg and the TP on b.jpg share score 0.5.
        // Images [a, b] -> order FP, TP: precision 0, 1/2 -> envelope 1/2 everywhere -> AP 1/2.
        // Images [b, a] -> order TP, FP: precision 1, 1/2 -> envelope 1, 1/2; recall 1 reached at the TP -> AP 1.
        var a = Image("a.jpg");
        var b = Image("b.jpg", Gt(0, 0, 0, 10, 10));
        DetectionPrediction[] preds = [Pred("a.jpg", 0, 0.5, 0, 0, 10, 10), Pred("b.jpg", 0, 0.5, 0, 0, 10, 10)];

        Assert.Equal(0.5, DetectionEvaluator.Evaluate([a, b], preds).Map50, Tolerance);
        Assert.Equal(1.0, DetectionEvaluator.Evaluate([b, a], preds).Map50, Tolerance);
    }

    [Fact]
    public void Equal_scores_on_one_image_keep_prediction_order()
    {
        // Same as above within one image: FP listed first -> AP 1/2; TP first -> AP 1.
        var gt = Image("a.jpg", Gt(0, 0, 0, 10, 10));
        var fp = Pred("a.jpg", 0, 0.5, 30, 30, 40, 40);
        var tp = Pred("a.jpg", 0, 0.5, 0, 0, 10, 10);

        Assert.Equal(0.5, DetectionEvaluator.Evaluate([gt], [fp, tp]).Map50, Tolerance);
        Assert.Equal(1.0, DetectionEvaluator.Evaluate([gt], [tp, fp]).Map50, Tolerance);
    }

    [Fact]
    public void Crowded_image_matches_greedily_to_the_highest_iou()
    {
        // GT A = [0,10]x[0,10], B = [5,15]x[0,10].
        // p1 0.9 [3,13]: IoU(A) = 70/130 = 0.538, IoU(B) = 80/120 = 0.667 -> takes B while t <= 0.65.
        // p2 0.8 = A (IoU 1). p3 0.7 = B (IoU 1 with B, 1/3 with A). p4 0.6 = A again (duplicate).
        // t in {0.50 .. 0.65} (4): TP TP FP FP -> recall 1/2, 1, 1, 1; precision 1, 1, 2/3, 1/2 -> AP 1.
        // t in {0.70 .. 0.95} (6): p1 misses -> FP TP TP FP; precision 0, 1/2, 2/3, 1/2 -> envelope
        //   2/3, 2/3, 2/3, 1/2; every recall point is reached by index 2 -> AP 2/3.
        // mAP50-95 = (4 * 1 + 6 * 2/3) / 10 = 0.8. Had p1 taken A (the first GT), p2 would be FP at 0.5.
        ImageGroundTruth[] gt = [Image("a.jpg", Gt(0, 0, 0, 10, 10), Gt(0, 5, 0, 15, 10))];
        DetectionPrediction[] preds =
        [
            Pred("a.jpg", 0, 0.9, 3, 0, 13, 10),
            Pred("a.jpg", 0, 0.8, 0, 0, 10, 10),
            Pred("a.jpg", 0, 0.7, 5, 0, 15, 10),
            Pred("a.jpg", 0, 0.6, 0, 0, 10, 10),
        ];

        var m = DetectionEvaluator.Evaluate(gt, preds);

        Assert.Equal(1.0, m.Map50, Tolerance);
        Assert.Equal(1.0, m.PerClass[0].ApPerThreshold[3], Tolerance);
        Assert.Equal(2.0 / 3, m.PerClass[0].ApPerThreshold[4], Tolerance);
        Assert.Equal(0.8, m.Map50To95, Tolerance);
    }

    [Fact]
    public void Equal_iou_to_two_objects_goes_to_the_last_as_in_pycocotools()
    {
        // GT1 [0,4]x[0,4], GT2 [2,6]x[0,4]; p1 0.9 [1,5]x[0,4] has IoU 12/20 = 0.6 with both. pycocotools skips a GT
        // only when its IoU is below the best so far, so the later GT2 replaces GT1: p1 takes GT2 -> TP.
        // p2 0.8 = GT2, which is taken; IoU(GT1) = 8/24 = 1/3 < 0.5 -> FP.
        // At 0.5: TP, FP -> recall 1/2, 1/2; precision 1, 1/2 -> envelope 1 up to recall 1/2, none reaches more.
        // Recall points 0, 0.01, ..., 0.50 (51 of 101) get 1, the other 50 get 0 -> AP50 = 51/101.
        // (Had p1 taken the first GT, as before, p2 would be TP too and AP50 1.)
        ImageGroundTruth[] gt = [Image("a.jpg", Gt(0, 0, 0, 4, 4), Gt(0, 2, 0, 6, 4))];
        DetectionPrediction[] preds = [Pred("a.jpg", 0, 0.9, 1, 0, 5, 4), Pred("a.jpg", 0, 0.8, 2, 0, 6, 4)];

        Assert.Equal(51.0 / 101, DetectionEvaluator.Evaluate(gt, preds).Map50, Tolerance);
    }

    [Fact]
    public void Max_detections_cuts_the_lowest_scores_per_image_and_class()
    {
        // One object; predictions 0.9 FP, 0.8 FP, 0.7 TP.
        // All three: precision 0, 0, 1/3 -> envelope 1/3 everywhere -> AP 1/3.
        // MaxDetections 2 keeps the two FPs only -> AP 0.
        ImageGroundTruth[] gt = [Image("a.jpg", Gt(0, 0, 0, 10, 10))];
        DetectionPrediction[] preds =
        [
            Pred("a.jpg", 0, 0.7, 0, 0, 10, 10),
            Pred("a.jpg", 0, 0.9, 30, 30, 40, 40),
            Pred("a.jpg", 0, 0.8, 50, 50, 60, 60),
        ];

        Assert.Equal(1.0 / 3, DetectionEvaluator.Evaluate(gt, preds).Map50, Tolerance);

        var cut = DetectionEvaluator.Evaluate(gt, preds, new DetectionEvaluationOptions { MaxDetections = 2 });
        Assert.Equal(0.0, cut.Map50);
        Assert.Equal(2, cut.PerClass[0].Predictions);
    }

    [Fact]
    public void Predictions_on_unknown_images_are_counted_and_ignored()
    {
        var (gt, preds) = TwoImageExample();
        DetectionPrediction[] extra = [.. preds, Pred("zzz.jpg", 0, 0.99, 0, 0, 10, 10), Pred("zzz.jpg", 1, 0.98, 0, 0, 10, 10)];

        var m = DetectionEvaluator.Evaluate(gt, extra);

        Assert.Equal(1, m.UnknownImages);
        Assert.Equal(2, m.UnknownImagePredictions);
        Assert.Equal(213.0 / 404, m.Map50, Tolerance);
    }

    [Fact]
    public void Precomputed_iou_matrices_plug_in_any_overlap_measure()
    {
        // One object, p0 0.9 with IoU 0.7, p1 0.8 with IoU 0.8 (as a mask IoU might give).
        // t <= 0.70 (5): p0 TP, p1 FP -> AP 1. t = 0.75, 0.80: p0 FP, p1 TP -> AP 1/2. t >= 0.85 (3): AP 0.
        // mAP50-95 = (5 + 2 * 0.5) / 10 = 0.6.
        var image = new ImageIoUMatrix("a.png", [0], [0, 0], [0.9, 0.8], new double[,] { { 0.7 }, { 0.8 } });

        var m = DetectionEvaluator.Evaluate([image]);

        Assert.Equal(1.0, m.Map50, Tolerance);
        Assert.Equal(0.6, m.Map50To95, Tolerance);
    }

    [Fact]
    public void Bad_input_is_reported()
    {
        ImageGroundTruth[] twice = [Image("a.jpg"), Image("a.jpg")];
        Assert.Throws<FractureException>(() => DetectionEvaluator.Evaluate(twice, []));

        var options = new DetectionEvaluationOptions { ClassNames = ["elbow"] };
        var ex = Assert.Throws<FractureException>(
            () => DetectionEvaluator.Evaluate([Image("a.jpg")], [Pred("a.jpg", 3, 0.5, 0, 0, 1, 1)], options));
        Assert.Contains("class id 3", ex.Message);
    }
}
