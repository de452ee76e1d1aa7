namespace Fracture.Training.Tasks.Classify;

/// <summary>
/// Loss weights against class imbalance: inverse square root of each class's frequency, scaled so the average weight
/// over the training images is 1. Milder than inverse frequency, which would trade too much accuracy on the
/// half of images without fracture for recall on the rarest region.
/// </summary>
public static class ClassWeights
{
    public static float[] InverseSquareRoot(IReadOnlyList<int> counts)
    {
        var total = counts.Sum();
        var raw = counts.Select(c => c > 0 ? 1 / Math.Sqrt(c) : 0).ToArray();
        var mean = counts.Select((c, i) => c * raw[i]).Sum() / Math.Max(1, total);
        return [.. raw.Select(w => (float)(mean > 0 ? w / mean : 1))];
    }
}
