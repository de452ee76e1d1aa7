namespace Fracture.Core.Metrics;

/// <summary>A figure on the whole split and the percentile bootstrap interval around it.</summary>
/// <param name="Estimate">The figure on the split as it is.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
public sealed record MetricInterval(double Estimate, double Lower, double Upper)
{
    /// <summary>Percentile interval of <paramref name="samples"/> at <paramref name="level"/> coverage.</summary>
    public static MetricInterval FromSamples(double estimate, IEnumerable<double> samples, double level)
    {
        var sorted = samples.Order().ToArray();
        var tail = (1 - level) / 2;
        return new MetricInterval(estimate, Quantile.Linear(sorted, tail), Quantile.Linear(sorted, 1 - tail));
    }
}
