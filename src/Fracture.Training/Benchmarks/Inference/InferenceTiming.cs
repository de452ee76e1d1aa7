namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// One engine's times for one kind of call (model only, or end to end), in milliseconds per call. Percentiles are
/// nearest rank (<see cref="TrainingBenchmark.Percentile"/>), so p50 of an even count is the lower middle value.
/// </summary>
/// <param name="Batch1P50Ms">Median of the one-image calls.</param>
/// <param name="Batch1P95Ms">95th percentile of the one-image calls.</param>
/// <param name="Batch">Images per call of the batched calls.</param>
/// <param name="BatchP50Ms">Median of the batched calls (whole call, not per image).</param>
/// <param name="BatchImagesPerSecond"><paramref name="Batch"/> images over the median batched call.</param>
/// <param name="Batch1Ms">Every timed one-image call, in the order run.</param>
/// <param name="BatchMs">Every timed batched call, in the order run.</param>
public sealed record InferenceTiming(
    double Batch1P50Ms,
    double Batch1P95Ms,
    int Batch,
    double BatchP50Ms,
    double BatchImagesPerSecond,
    IReadOnlyList<double> Batch1Ms,
    IReadOnlyList<double> BatchMs)
{
    /// <summary>The figures of a series of one-image and of batched call times (milliseconds; neither series empty).</summary>
    public static InferenceTiming From(IReadOnlyList<double> batch1Ms, IReadOnlyList<double> batchMs, int batch)
    {
        ArgumentNullException.ThrowIfNull(batch1Ms);
        ArgumentNullException.ThrowIfNull(batchMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch1Ms.Count, 1, nameof(batch1Ms));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchMs.Count, 1, nameof(batchMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var batchP50 = TrainingBenchmark.Percentile(batchMs, 0.5);
        return new InferenceTiming(
            TrainingBenchmark.Percentile(batch1Ms, 0.5),
            TrainingBenchmark.Percentile(batch1Ms, 0.95),
            batch,
            batchP50,
            batch * 1000 / batchP50,
            [.. batch1Ms],
            [.. batchMs]);
    }
}
