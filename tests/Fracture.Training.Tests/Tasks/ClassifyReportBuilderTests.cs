using Fracture.Training.Tasks.Classify;

namespace Fracture.Training.Tests.Tasks;

/// <summary>
/// The one report code behind `val classify --weights` and `--model`, on three images worked by hand. Classes: 0 no
/// fracture, 1, 2. Labels 0, 2, 1; rows [0.7 0.2 0.1] (top 0, fracture 0.3), [0.1 0.3 0.6] (top 2, 0.9),
/// [0.4 0.35 0.25] (top 0, 0.6). Right: images 0 and 1, so accuracy 2/3. Class 0: precision 1/2, recall 1, F1 2/3;
/// class 1: F1 0; class 2: F1 1; macro F1 = weighted F1 (one image each) = 5/9. Fracture present: both positives
/// (0.9, 0.6) above the negative (0.3): AUC 1.
/// </summary>
public sealed class ClassifyReportBuilderTests
{
    private static readonly string[] Names = ["no fracture", "elbow fracture", "wrist fracture"];
    private static readonly int[] Labels = [0, 2, 1];
    private static readonly float[] Probabilities = [0.7f, 0.2f, 0.1f, 0.1f, 0.3f, 0.6f, 0.4f, 0.35f, 0.25f];

    [Fact]
    public void Top_class_and_one_minus_p_no_fracture_give_the_hand_worked_figures()
    {
        var report = ClassifyReportBuilder.Build(Names, Labels, Probabilities, loss: 1.25, threshold: null, flipAverage: true);

        var m = report.Classification;
        Assert.Equal(2.0 / 3, m.Accuracy, 12);
        Assert.Equal(5.0 / 9, m.MacroF1, 12);
        Assert.Equal(5.0 / 9, m.WeightedF1, 12);
        Assert.Equal(2.0 / 3, m.PerClass[0].F1, 12);
        Assert.Equal(0, m.PerClass[1].F1, 12);
        Assert.Equal(1, m.PerClass[2].F1, 12);
        Assert.Equal(1, m.Confusion[1, 0]);
        Assert.Equal(1, m.Confusion[2, 2]);
        var b = report.FracturePresent;
        Assert.Equal((1.0, 1.0, 1.0, 2, 1), (b.Auc, b.Sensitivity, b.Specificity, b.Positives, b.Negatives));
        Assert.InRange(b.Threshold, 0.3 + 1e-6, 0.6 + 1e-6);
        Assert.Equal((1.25, 3, true), (report.Loss, report.Images, report.FlipAverage));
        Assert.Same(Names, report.ClassNames);
    }

    [Fact]
    public void A_given_threshold_is_used_as_it_is()
    {
        var b = ClassifyReportBuilder.Build(Names, Labels, Probabilities, double.NaN, threshold: 0.7, flipAverage: false).FracturePresent;

        // 0.9 is called positive, 0.6 is not, 0.3 rightly not.
        Assert.Equal((0.7, 0.5, 1.0), (b.Threshold, b.Sensitivity, b.Specificity));
    }

    [Fact]
    public void Probabilities_that_do_not_fit_the_labels_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ClassifyReportBuilder.Build(Names, Labels, Probabilities.AsSpan(0, 6), 0, null, false));
    }
}
