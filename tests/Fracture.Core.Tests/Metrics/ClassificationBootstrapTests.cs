using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public sealed class ClassificationBootstrapTests
{
    // Two images: fracture.jpg (class 1) and clear.jpg (class 0). The baseline calls both clear and scores the clear one
    // as the likelier fracture (AUC 0); the candidate is right on both (AUC 1).
    private static readonly ClassifiedImage[] Baseline =
    [
        new("fracture.jpg", Actual: 1, Predicted: 0, FractureScore: 0.4),
        new("clear.jpg", Actual: 0, Predicted: 0, FractureScore: 0.6),
    ];

    private static readonly ClassifiedImage[] Candidate =
    [
        new("fracture.jpg", Actual: 1, Predicted: 1, FractureScore: 0.9),
        new("clear.jpg", Actual: 0, Predicted: 0, FractureScore: 0.1),
    ];

    [Fact]
    public void Figures_intervals_and_shares_match_the_hand_worked_resampling()
    {
        // Baseline on the split: accuracy 1/2; class 0 has precision 1/2, recall 1, F1 2/3 and class 1 F1 0, one
        // image each, so weighted and macro F1 are both 1/3. A resample of two images draws {fracture, fracture}
        // (accuracy 0, no negative: AUC undefined) or {clear, clear} (accuracy 1, AUC undefined) with probability 1/4
        // each, a mix (accuracy 1/2, AUC 0) with 1/2. The candidate scores 1 everywhere, so it is higher in accuracy
        // unless the draw is {clear, clear}: 3/4 of resamples; in AUC in every resample that has one.
        var comparison = ClassificationBootstrap.Compare(Baseline, Candidate, classCount: 2, new BootstrapOptions(Resamples: 4000));

        Assert.Equal(2, comparison.Images);
        Near(new MetricInterval(0.5, 0, 1), comparison.Baseline.Accuracy);
        Near(new MetricInterval(1.0 / 3, 0, 1), comparison.Baseline.WeightedF1);
        Near(new MetricInterval(1.0 / 3, 0, 1), comparison.Baseline.MacroF1);
        Near(new MetricInterval(0, 0, 0), comparison.Baseline.Auc);
        Near(new MetricInterval(1, 1, 1), comparison.Candidate.Accuracy);
        Near(new MetricInterval(1, 1, 1), comparison.Candidate.Auc);
        Near(new MetricInterval(0.5, 0, 1), comparison.Difference.Accuracy);
        Near(new MetricInterval(1, 1, 1), comparison.Difference.Auc);
        Assert.InRange(comparison.ShareCandidateHigher.Accuracy, 0.72, 0.78);
        Assert.Equal(1, comparison.ShareCandidateHigher.Auc);
    }

    [Fact]
    public void A_model_compared_with_itself_differs_by_nothing_in_every_resample()
    {
        var comparison = ClassificationBootstrap.Compare(Baseline, Baseline, classCount: 2, new BootstrapOptions(Resamples: 200));

        foreach (var difference in new[] { comparison.Difference.Accuracy, comparison.Difference.WeightedF1, comparison.Difference.MacroF1, comparison.Difference.Auc })
        {
            Near(new MetricInterval(0, 0, 0), difference);
        }

        Assert.Equal(new ClassificationFigures(0, 0, 0, 0), comparison.ShareCandidateHigher);
    }

    [Fact]
    public void The_same_seed_gives_the_same_intervals()
    {
        var first = ClassificationBootstrap.Compare(Baseline, Candidate, 2, new BootstrapOptions(Resamples: 300, Seed: 7));
        var second = ClassificationBootstrap.Compare(Baseline, Candidate, 2, new BootstrapOptions(Resamples: 300, Seed: 7));

        Assert.Equal(first.ShareCandidateHigher, second.ShareCandidateHigher);
        Assert.Equal(first.Difference, second.Difference);
    }

    [Fact]
    public void Lists_of_other_images_or_other_labels_are_refused()
    {
        ClassifiedImage[] reordered = [Candidate[1], Candidate[0]];
        ClassifiedImage[] relabelled = [Candidate[0] with { Actual = 2 }, Candidate[1]];

        var order = Assert.Throws<ArgumentException>(() => ClassificationBootstrap.Compare(Baseline, reordered, 3, new BootstrapOptions()));
        var label = Assert.Throws<ArgumentException>(() => ClassificationBootstrap.Compare(Baseline, relabelled, 3, new BootstrapOptions()));
        Assert.Throws<ArgumentException>(() => ClassificationBootstrap.Compare([], [], 2, new BootstrapOptions()));

        Assert.StartsWith("image 0 is 'fracture.jpg' (class 1) for the baseline but 'clear.jpg' (class 0) for the candidate", order.Message, StringComparison.Ordinal);
        Assert.StartsWith("image 0 is 'fracture.jpg' (class 1) for the baseline but 'fracture.jpg' (class 2)", label.Message, StringComparison.Ordinal);
    }

    private static void Near(MetricInterval expected, MetricInterval actual)
    {
        Assert.Equal(expected.Estimate, actual.Estimate, 9);
        Assert.Equal(expected.Lower, actual.Lower, 9);
        Assert.Equal(expected.Upper, actual.Upper, 9);
    }
}
