using Fracture.Core.Metrics;
using static Fracture.Core.Tests.Metrics.DetectionTestData;

namespace Fracture.Core.Tests.Metrics;

public class DetectionConfusionMatrixTests
{
    // g0 class 0 [0,10]^2, g1 class 1 [20,30]x[0,10].
    // p0 class 1, 0.9, = g0 (IoU 1)                 -> pairs with g0 first: [0, 1]
    // p1 class 0, 0.8, [1,11]x[0,10] (IoU 0.818 g0) -> g0 already paired: [background, 0]
    // p2 class 1, 0.2, = g1                         -> below conf 0.25, ignored; g1 missed: [1, background]
    // p3 class 1, 0.5, [0,4.5]x[0,10]: IoU 45/100 = 0.45, not above 0.45 -> [background, 1]
    private static readonly ImageGroundTruth[] GroundTruth = [Image("a.jpg", Gt(0, 0, 0, 10, 10), Gt(1, 20, 0, 30, 10))];

    private static readonly DetectionPrediction[] Predictions =
    [
        Pred("a.jpg", 1, 0.9, 0, 0, 10, 10),
        Pred("a.jpg", 0, 0.8, 1, 0, 11, 10),
        Pred("a.jpg", 1, 0.2, 20, 0, 30, 10),
        Pred("a.jpg", 1, 0.5, 0, 0, 4.5, 10),
    ];

    [Fact]
    public void Rows_are_actual_and_columns_predicted_with_background_last()
    {
        var c = DetectionEvaluator.Evaluate(GroundTruth, Predictions).Confusion;

        Assert.Equal(2, c.BackgroundIndex);
        int[,] expected =
        {
            { 0, 1, 0 }, // actual class 0: seen as class 1
            { 0, 0, 1 }, // actual class 1: missed
            { 1, 1, 0 }, // background: one false class 0, one false class 1
        };
        Assert.Equal(expected, c.Counts);
    }

    [Fact]
    public void Lower_confidence_lets_the_low_score_prediction_in()
    {
        var options = new DetectionEvaluationOptions { ConfusionConfidence = 0.1 };

        var c = DetectionEvaluator.Evaluate(GroundTruth, Predictions, options).Confusion;

        // p2 now pairs with g1 (IoU 1): [1, 1] = 1 and nothing missed.
        Assert.Equal(1, c[1, 1]);
        Assert.Equal(0, c[1, c.BackgroundIndex]);
    }

    [Fact]
    public void Class_agnostic_pairs_are_matched_by_descending_iou()
    {
        // g0 [0,10]^2, g1 [6,16]x[0,10]. p0 [4,14]x[0,10]: IoU(g0) = 60/140 = 0.43 (below 0.45),
        // IoU(g1) = 80/120 = 0.667. p1 = g1 exactly (IoU 1, and 40/160 = 0.25 with g0).
        // Best pair p1-g1 (1.0) first; p0-g1 then loses g1 and g0 is not a candidate -> p0 false, g0 missed.
        ImageGroundTruth[] gt = [Image("a.jpg", Gt(0, 0, 0, 10, 10), Gt(0, 6, 0, 16, 10))];
        DetectionPrediction[] preds = [Pred("a.jpg", 0, 0.9, 4, 0, 14, 10), Pred("a.jpg", 0, 0.8, 6, 0, 16, 10)];

        var c = DetectionEvaluator.Evaluate(gt, preds).Confusion;

        Assert.Equal(1, c[0, 0]);
        Assert.Equal(1, c[0, 1]);
        Assert.Equal(1, c[1, 0]);
    }
}
