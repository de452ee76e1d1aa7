namespace Fracture.Core.Metrics;

/// <summary>
/// How much of a detector's score is the split's luck: resamples the images with replacement and rescores. With a
/// few dozen objects per class, a handful of boxes moves per-class AP by several points; the interval says by how
/// much, and the paired comparison says whether one model's lead over another survives a different draw.
/// </summary>
public static class DetectionBootstrap
{
    /// <summary>
    /// Scores a baseline and a candidate, given as per-image matrices over the same images in the same order, on the
    /// split and on <see cref="BootstrapOptions.Resamples"/> paired resamples.
    /// </summary>
    /// <exception cref="ArgumentException">The two lists name different images, or are empty.</exception>
    public static DetectionComparison Compare(
        IReadOnlyList<ImageIoUMatrix> baseline,
        IReadOnlyList<ImageIoUMatrix> candidate,
        BootstrapOptions options,
        DetectionEvaluationOptions? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        var (a, b) = (baseline, candidate); // a and b below: the pairing reads more plainly than the long names
        options.Validate();
        if (a.Count == 0 || a.Count != b.Count)
        {
            throw new ArgumentException($"both models need the same, non-empty list of images (got {a.Count} and {b.Count})", nameof(candidate));
        }

        var mismatch = Enumerable.Range(0, a.Count).FirstOrDefault(i => !string.Equals(a[i].Image, b[i].Image, StringComparison.Ordinal), -1);
        if (mismatch >= 0)
        {
            throw new ArgumentException($"image {mismatch} is '{a[mismatch].Image}' for the baseline but '{b[mismatch].Image}' for the candidate", nameof(candidate));
        }

        var wholeA = DetectionEvaluator.Evaluate(a, evaluation);
        var wholeB = DetectionEvaluator.Evaluate(b, evaluation);

        var scores = new (double A50, double A5095, double B50, double B5095)[options.Resamples];
        Parallel.For(0, scores.Length, r =>
        {
            // One generator per resample, seeded from the seed and the resample's index: the result does not depend
            // on how the work is scheduled, and no resample's draw is held longer than its scoring.
            var random = new Random(unchecked((options.Seed * 1_000_003) + r));
            var draw = new int[a.Count];
            for (var i = 0; i < draw.Length; i++)
            {
                draw[i] = random.Next(a.Count);
            }

            var sampleA = DetectionEvaluator.Evaluate(draw.Select(i => a[i]).ToArray(), evaluation);
            var sampleB = DetectionEvaluator.Evaluate(draw.Select(i => b[i]).ToArray(), evaluation);
            scores[r] = (sampleA.Map50, sampleA.Map50To95, sampleB.Map50, sampleB.Map50To95);
        });

        var level = options.Level;
        return new DetectionComparison(
            a.Count,
            options,
            new MapIntervals(
                MetricInterval.FromSamples(wholeA.Map50, scores.Select(s => s.A50), level),
                MetricInterval.FromSamples(wholeA.Map50To95, scores.Select(s => s.A5095), level)),
            new MapIntervals(
                MetricInterval.FromSamples(wholeB.Map50, scores.Select(s => s.B50), level),
                MetricInterval.FromSamples(wholeB.Map50To95, scores.Select(s => s.B5095), level)),
            new MapIntervals(
                MetricInterval.FromSamples(wholeB.Map50 - wholeA.Map50, scores.Select(s => s.B50 - s.A50), level),
                MetricInterval.FromSamples(wholeB.Map50To95 - wholeA.Map50To95, scores.Select(s => s.B5095 - s.A5095), level)),
            (double)scores.Count(s => s.B50 > s.A50) / scores.Length,
            (double)scores.Count(s => s.B5095 > s.A5095) / scores.Length);
    }
}
