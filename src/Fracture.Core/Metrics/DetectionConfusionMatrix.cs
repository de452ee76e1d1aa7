namespace Fracture.Core.Metrics;

/// <summary>
/// Detection confusion matrix. Rows are the actual class, columns the predicted class; index
/// <see cref="BackgroundIndex"/> (= <see cref="ClassCount"/>) is "background" on both axes:
/// [class, background] counts missed objects, [background, class] counts false detections.
/// </summary>
public sealed record DetectionConfusionMatrix(int ClassCount, int[,] Counts)
{
    public int BackgroundIndex => ClassCount;

    /// <summary>Count of objects of class <paramref name="actual"/> detected as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => Counts[actual, predicted];
}
