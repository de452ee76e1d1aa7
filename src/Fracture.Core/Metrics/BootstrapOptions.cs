namespace Fracture.Core.Metrics;

/// <summary>How a bootstrap over images resamples.</summary>
/// <param name="Resamples">Resamples drawn (each: as many images as the split has, with replacement).</param>
/// <param name="Seed">Seed of the draw, so a comparison can be repeated exactly.</param>
/// <param name="Level">Coverage of the percentile intervals, e.g. 0.95.</param>
public sealed record BootstrapOptions(int Resamples = 1000, int Seed = 0, double Level = 0.95)
{
    /// <exception cref="FractureException">Fewer than 10 or more than 100,000 resamples, or a level outside (0, 1).</exception>
    public void Validate()
    {
        if (Resamples is < 10 or > 100_000)
        {
            throw new FractureException($"resamples must be 10 to 100,000 (got {Resamples})");
        }

        if (Level is <= 0 or >= 1 || double.IsNaN(Level))
        {
            throw new FractureException($"the interval's level must lie strictly between 0 and 1 (got {Level})");
        }
    }
}
