namespace Fracture.Core.Metrics;

/// <summary>
/// Whether one classifier's lead over another survives a different draw of the split's images: resamples the images
/// with replacement, scores both classifiers on each draw, and reads intervals from the spread (as
/// <see cref="DetectionBootstrap"/> does for detectors).
/// </summary>
public static class ClassificationBootstrap
{
    /// <summary>
    /// Compares a baseline and a candidate, given as the same images in the same order (each with its labelled class),
    /// on the split and on <see cref="BootstrapOptions.Resamples"/> paired resamples.
    /// </summary>
    /// <exception cref="ArgumentException">The lists are empty or differ in images or labelled classes.</exception>
    public static ClassificationComparison Compare(
        IReadOnlyList<ClassifiedImage> baseline, IReadOnlyList<ClassifiedImage> candidate, int classCount, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        var (a, b) = (baseline, candidate);
        options.Validate();
        if (a.Count == 0 || a.Count != b.Count)
        {
            throw new ArgumentException($"both classifiers need the same, non-empty list of images (got {a.Count} and {b.Count})", nameof(candidate));
        }

        var mismatch = Enumerable.Range(0, a.Count).FirstOrDefault(i => !string.Equals(a[i].Image, b[i].Image, StringComparison.Ordinal) || a[i].Actual != b[i].Actual, -1);
        if (mismatch >= 0)
        {
            throw new ArgumentException($"image {mismatch} is '{a[mismatch].Image}' (class {a[mismatch].Actual}) for the baseline but '{b[mismatch].Image}' (class {b[mismatch].Actual}) for the candidate", nameof(candidate));
        }

        var wholeA = ClassificationFigures.Of(a, classCount);
        var wholeB = ClassificationFigures.Of(b, classCount);
        var samples = new (ClassificationFigures A, ClassificationFigures B)[options.Resamples];
        Parallel.For(0, samples.Length, r =>
        {
            // Seeded per resample, as DetectionBootstrap: the result does not depend on scheduling.
            var random = new Random(unchecked((options.Seed * 1_000_003) + r));
            var draw = new int[a.Count];
            for (var i = 0; i < draw.Length; i++)
            {
                draw[i] = random.Next(a.Count);
            }

            samples[r] = (ClassificationFigures.Of(draw.Select(i => a[i]).ToArray(), classCount), ClassificationFigures.Of(draw.Select(i => b[i]).ToArray(), classCount));
        });

        var level = options.Level;
        ClassificationIntervals Intervals(ClassificationFigures whole, Func<(ClassificationFigures A, ClassificationFigures B), ClassificationFigures> figures) =>
            new(
                MetricInterval.FromSamples(whole.Accuracy, samples.Select(s => figures(s).Accuracy), level),
                MetricInterval.FromSamples(whole.WeightedF1, samples.Select(s => figures(s).WeightedF1), level),
                MetricInterval.FromSamples(whole.MacroF1, samples.Select(s => figures(s).MacroF1), level),
                AucInterval(whole.Auc, samples.Select(s => figures(s).Auc), level));

        var difference = new ClassificationFigures(
            wholeB.Accuracy - wholeA.Accuracy, wholeB.WeightedF1 - wholeA.WeightedF1, wholeB.MacroF1 - wholeA.MacroF1, wholeB.Auc - wholeA.Auc);
        return new ClassificationComparison(
            a.Count,
            options,
            Intervals(wholeA, s => s.A),
            Intervals(wholeB, s => s.B),
            Intervals(difference, s => Subtract(s.B, s.A)),
            new ClassificationFigures(
                Share(samples.Select(s => (s.A.Accuracy, s.B.Accuracy))),
                Share(samples.Select(s => (s.A.WeightedF1, s.B.WeightedF1))),
                Share(samples.Select(s => (s.A.MacroF1, s.B.MacroF1))),
                Share(samples.Select(s => (s.A.Auc, s.B.Auc)))));
    }

    private static ClassificationFigures Subtract(ClassificationFigures b, ClassificationFigures a) =>
        new(b.Accuracy - a.Accuracy, b.WeightedF1 - a.WeightedF1, b.MacroF1 - a.MacroF1, b.Auc - a.Auc);

    /// <summary>
    /// A draw with only positives or only negatives has no AUC (NaN); the interval is read from the draws that have
    /// one, and is NaN when none has (or the split itself has none).
    /// </summary>
    private static MetricInterval AucInterval(double estimate, IEnumerable<double> samples, double level)
    {
        var defined = samples.Where(double.IsFinite).ToArray();
        return defined.Length == 0 || !double.IsFinite(estimate)
            ? new MetricInterval(estimate, double.NaN, double.NaN)
            : MetricInterval.FromSamples(estimate, defined, level);
    }

    private static double Share(IEnumerable<(double A, double B)> pairs)
    {
        var defined = pairs.Where(p => double.IsFinite(p.A) && double.IsFinite(p.B)).ToArray();
        return defined.Length == 0 ? double.NaN : (double)defined.Count(p => p.B > p.A) / defined.Length;
    }
}
