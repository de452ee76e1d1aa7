using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public class ClassificationEvaluatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Three_classes_give_the_hand_worked_metrics()
    {
        // Pairs (actual, predicted): (0,0) (0,0) (0,1) (1,1) (1,2) (2,2). Accuracy 4/6.
        // Class 0: TP 2, predicted 2, support 3 -> P 1,   R 2/3, F1 2*(2/3)/(5/3) = 4/5.
        // Class 1: TP 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2.
        // Class 2: TP 1, predicted 2, support 1 -> P 1/2, R 1,   F1 2*(1/2)/(3/2) = 2/3.
        // Macro F1 = (4/5 + 1/2 + 2/3) / 3 = 59/90. Weighted = (4/5*3 + 1/2*2 + 2/3*1) / 6 = 61/90.
        var m = ClassificationEvaluator.Evaluate([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3);

        Assert.Equal(2.0 / 3, m.Accuracy, Tolerance);
        Assert.Equal(59.0 / 90, m.MacroF1, Tolerance);
        Assert.Equal(61.0 / 90, m.WeightedF1, Tolerance);
        Assert.Equal(1.0, m.PerClass[0].Precision, Tolerance);
        Assert.Equal(2.0 / 3, m.PerClass[0].Recall, Tolerance);
        Assert.Equal(0.8, m.PerClass[0].F1, Tolerance);
        Assert.Equal((3, 2), (m.PerClass[0].Support, m.PerClass[0].PredictedCount));
        Assert.Equal(0.5, m.PerClass[1].Precision, Tolerance);
        Assert.Equal(0.5, m.PerClass[1].Recall, Tolerance);
        Assert.Equal(2.0 / 3, m.PerClass[2].F1, Tolerance);
        Assert.Equal(new[,] { { 2, 1, 0 }, { 0, 1, 1 }, { 0, 0, 1 } }, m.Confusion);
        Assert.Equal(6, m.Samples);
    }

    [Fact]
    public void Class_absent_from_both_lists_is_left_out_of_the_macro_mean()
    {
        // Same data with a fourth class that never occurs: macro F1 stays 59/90.
        var m = ClassificationEvaluator.Evaluate([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 4);

        Assert.Equal(59.0 / 90, m.MacroF1, Tolerance);
        Assert.Equal(new ClassMetrics(3, 0, 0, 0, 0, 0), m.PerClass[3]);
    }

    [Fact]
    public void Class_only_predicted_counts_in_macro_with_f1_zero()
    {
        // actual [0, 0], predicted [0, 1]. Class 0: P 1, R 1/2, F1 2/3. Class 1: never actual, predicted once,
        // P 0 (0 of 1), R 0, F1 0. Macro = (2/3 + 0) / 2 = 1/3; weighted = (2/3 * 2 + 0 * 0) / 2 = 2/3.
        var m = ClassificationEvaluator.Evaluate([0, 0], [0, 1], 2);

        Assert.Equal(0.5, m.Accuracy, Tolerance);
        Assert.Equal(1.0 / 3, m.MacroF1, Tolerance);
        Assert.Equal(2.0 / 3, m.WeightedF1, Tolerance);
        Assert.Equal(new ClassMetrics(1, 0, 0, 0, 0, 1), m.PerClass[1]);
    }

    [Fact]
    public void Never_predicted_class_has_precision_zero()
    {
        // actual [0, 1], predicted [0, 0]: class 1 never predicted -> P 0, R 0, F1 0; class 0 P 1/2, R 1, F1 2/3.
        var m = ClassificationEvaluator.Evaluate([0, 1], [0, 0], 2);

        Assert.Equal(new ClassMetrics(1, 0, 0, 0, 1, 0), m.PerClass[1]);
        Assert.Equal(2.0 / 3, m.PerClass[0].F1, Tolerance);
    }

    [Fact]
    public void Empty_input_gives_zeros_and_bad_input_throws()
    {
        var m = ClassificationEvaluator.Evaluate([], [], 2);
        Assert.Equal(0.0, m.Accuracy);
        Assert.Equal(0.0, m.MacroF1);
        Assert.Equal(0, m.Samples);

        Assert.Throws<ArgumentException>(() => ClassificationEvaluator.Evaluate([0], [0, 1], 2));
        Assert.Throws<ArgumentException>(() => ClassificationEvaluator.Evaluate([2], [0], 2));
    }
}
