using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public class BinaryRocEvaluatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Auc_counts_correctly_ordered_pairs()
    {
        // Positives 0.35, 0.8; negatives 0.1, 0.4. Pairs won: 0.35>0.1, 0.8>0.1, 0.8>0.4; lost 0.35<0.4 -> 3/4.
        Assert.Equal(0.75, BinaryRocEvaluator.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), Tolerance);
        Assert.Equal(1.0, BinaryRocEvaluator.Auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), Tolerance);
        Assert.Equal(0.0, BinaryRocEvaluator.Auc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]), Tolerance);
    }

    [Fact]
    public void Auc_counts_ties_as_half()
    {
        // Positives 0.8, 0.5; negatives 0.5, 0.2. Pairs: 0.8>0.5 (1), 0.8>0.2 (1), 0.5=0.5 (1/2), 0.5>0.2 (1)
        // -> 3.5 / 4 = 0.875. Rank view: ranks 1 (0.2), 2.5, 2.5 (the 0.5s), 4 (0.8); U = 2.5 + 4 - 3 = 3.5.
        Assert.Equal(0.875, BinaryRocEvaluator.Auc([0.8, 0.5, 0.5, 0.2], [true, true, false, false]), Tolerance);

        // All scores equal: every pair ties -> 1/2.
        Assert.Equal(0.5, BinaryRocEvaluator.Auc([0.3, 0.3, 0.3], [true, false, false]), Tolerance);
    }

    [Fact]
    public void Auc_is_nan_when_a_class_is_missing()
    {
        Assert.True(double.IsNaN(BinaryRocEvaluator.Auc([0.1, 0.9], [true, true])));
        Assert.True(double.IsNaN(BinaryRocEvaluator.Auc([], [])));
    }

    [Fact]
    public void Sensitivity_and_specificity_call_scores_at_the_threshold_positive()
    {
        // Threshold 0.35: called positive 0.4, 0.35, 0.8 -> TP 2 of 2 (sens 1), TN 1 of 2 (0.1; spec 1/2).
        var m = BinaryRocEvaluator.Evaluate([0.1, 0.4, 0.35, 0.8], [false, false, true, true], 0.35);

        Assert.Equal(1.0, m.Sensitivity, Tolerance);
        Assert.Equal(0.5, m.Specificity, Tolerance);
        Assert.Equal(0.75, m.Auc, Tolerance);
        Assert.Equal(0.5, m.YoudenJ, Tolerance);
        Assert.Equal((2, 2), (m.Positives, m.Negatives));
    }

    [Fact]
    public void Youden_threshold_maximises_j()
    {
        // Scores 0.2 N, 0.3 N, 0.6 P, 0.7 N, 0.9 P. J per threshold:
        //   0.9: sens 1/2, spec 3/3 -> 1/2;  0.7: 1/2, 2/3 -> 1/6;  0.6: 1, 2/3 -> 2/3;
        //   0.3: 1, 1/3 -> 1/3;  0.2: 1, 0 -> 0. Best 0.6. AUC: 0.6 beats 2 of 3 negatives, 0.9 all 3 -> 5/6.
        var m = BinaryRocEvaluator.EvaluateAtYoudenThreshold([0.2, 0.3, 0.6, 0.7, 0.9], [false, false, true, false, true]);

        Assert.Equal(0.6, m.Threshold);
        Assert.Equal(1.0, m.Sensitivity, Tolerance);
        Assert.Equal(2.0 / 3, m.Specificity, Tolerance);
        Assert.Equal(5.0 / 6, m.Auc, Tolerance);
    }

    [Fact]
    public void Youden_tie_takes_the_higher_threshold()
    {
        // 0.1 N, 0.4 N, 0.35 P, 0.8 P: J at 0.8 = 1/2 + 1 - 1 = 1/2; at 0.4 = 0; at 0.35 = 1 + 1/2 - 1 = 1/2;
        // at 0.1 = 0. 0.8 and 0.35 tie -> 0.8.
        var m = BinaryRocEvaluator.EvaluateAtYoudenThreshold([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);

        Assert.Equal(0.8, m.Threshold);
        Assert.Equal(0.5, m.Sensitivity, Tolerance);
        Assert.Equal(1.0, m.Specificity, Tolerance);
    }

    [Fact]
    public void Youden_with_one_class_is_undefined()
    {
        var m = BinaryRocEvaluator.EvaluateAtYoudenThreshold([0.2, 0.7], [false, false]);

        Assert.True(double.IsNaN(m.Threshold));
        Assert.True(double.IsNaN(m.Auc));
        Assert.Equal((0, 2), (m.Positives, m.Negatives));
    }
}
