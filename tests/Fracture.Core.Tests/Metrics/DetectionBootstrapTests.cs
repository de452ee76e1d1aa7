using Fracture.Core;
using Fracture.Core.Metrics;
using static Fracture.Core.Tests.Metrics.DetectionTestData;

namespace Fracture.Core.Tests.Metrics;

public sealed class DetectionBootstrapTests
{
    // Two images with one class-0 fracture each. A finds only the one in hit.jpg; B finds both.
    private static readonly ImageGroundTruth[] Truth =
    [
        Image("hit.jpg", Gt(0, 0, 0, 10, 10)),
        Image("miss.jpg", Gt(0, 0, 0, 10, 10)),
    ];

    private static readonly ImageIoUMatrix[] ModelA = Matrices([Pred("hit.jpg", 0, 0.9, 0, 0, 10, 10)]);

    private static readonly ImageIoUMatrix[] ModelB =
        Matrices([Pred("hit.jpg", 0, 0.9, 0, 0, 10, 10), Pred("miss.jpg", 0, 0.8, 0, 0, 10, 10)]);

    [Fact]
    public void Interval_ends_are_the_resamples_that_favour_and_disfavour_a_model()
    {
        // A on the split: recall 1/2 at precision 1, so the 101-point AP is 51/101 at every IoU.
        // A resample draws {hit, hit} (AP 1), {miss, miss} (AP 0) with probability 1/4 each, a mix (51/101) with 1/2:
        // the 2.5 % and 97.5 % points are 0 and 1. B finds everything in every resample: always 1.
        var comparison = DetectionBootstrap.Compare(ModelA, ModelB, new BootstrapOptions(Resamples: 4000));

        Near(new MetricInterval(51.0 / 101, 0, 1), comparison.Baseline.Map50);
        Near(new MetricInterval(51.0 / 101, 0, 1), comparison.Baseline.Map50To95);
        Near(new MetricInterval(1, 1, 1), comparison.Candidate.Map50);
        Near(new MetricInterval(1 - (51.0 / 101), 0, 1), comparison.Difference.Map50);

        // B is higher unless the draw is {hit, hit}: 3/4 of resamples; 4,000 draws put the share within ±0.03.
        Assert.InRange(comparison.ShareCandidateHigherMap50, 0.72, 0.78);
        Assert.Equal(comparison.ShareCandidateHigherMap50, comparison.ShareCandidateHigherMap50To95);
        Assert.Equal(2, comparison.Images);
    }

    [Fact]
    public void A_model_against_itself_differs_by_nothing_in_every_resample()
    {
        var comparison = DetectionBootstrap.Compare(ModelA, ModelA, new BootstrapOptions(Resamples: 200));

        Assert.Equal(new MetricInterval(0, 0, 0), comparison.Difference.Map50);
        Assert.Equal(new MetricInterval(0, 0, 0), comparison.Difference.Map50To95);
        Assert.Equal(0, comparison.ShareCandidateHigherMap50);
    }

    [Fact]
    public void The_same_seed_gives_the_same_intervals()
    {
        var (gt, preds) = TwoImageExample();
        var model = gt.Select(g => ImageIoUMatrix.FromBoxes(g, preds.Where(p => p.Image == g.Image).ToArray())).ToArray();
        var options = new BootstrapOptions(Resamples: 300, Seed: 7, Level: 0.9);

        Assert.Equal(DetectionBootstrap.Compare(model, ModelPlusNothing(model), options), DetectionBootstrap.Compare(model, ModelPlusNothing(model), options));
    }

    [Fact]
    public void Different_images_or_bad_options_are_refused()
    {
        var other = Matrices([]).Reverse().ToArray();

        Assert.Contains("'hit.jpg' for the baseline but 'miss.jpg' for the candidate", Assert.Throws<ArgumentException>(() => DetectionBootstrap.Compare(ModelA, other, new BootstrapOptions())).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DetectionBootstrap.Compare(ModelA, ModelA.Take(1).ToArray(), new BootstrapOptions()));
        Assert.Contains("resamples must be 10 to 100,000 (got 5)", Assert.Throws<FractureException>(() => DetectionBootstrap.Compare(ModelA, ModelA, new BootstrapOptions(Resamples: 5))).Message, StringComparison.Ordinal);
        Assert.Throws<FractureException>(() => DetectionBootstrap.Compare(ModelA, ModelA, new BootstrapOptions(Level: 1)));
    }

    [Fact]
    public void A_percentile_interval_takes_the_tails_of_the_sorted_samples()
    {
        // Level 0.5: tails at 0.25 and 0.75, positions 1 and 3 of five sorted samples.
        Assert.Equal(new MetricInterval(3, 2, 4), MetricInterval.FromSamples(3, [5, 1, 4, 2, 3], 0.5));
    }

    private static void Near(MetricInterval expected, MetricInterval actual)
    {
        Assert.Equal(expected.Estimate, actual.Estimate, 12);
        Assert.Equal(expected.Lower, actual.Lower, 12);
        Assert.Equal(expected.Upper, actual.Upper, 12);
    }

    private static ImageIoUMatrix[] Matrices(DetectionPrediction[] predictions) =>
        [.. Truth.Select(g => ImageIoUMatrix.FromBoxes(g, predictions.Where(p => p.Image == g.Image).ToArray()))];

    // The same images and predictions in new objects, so equality is not reference equality.
    private static ImageIoUMatrix[] ModelPlusNothing(ImageIoUMatrix[] model) => [.. model.Select(m => m with { })];
}
