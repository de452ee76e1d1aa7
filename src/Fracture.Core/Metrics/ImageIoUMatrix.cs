namespace Fracture.Core.Metrics;

/// <summary>
/// What the detection evaluator needs to know about one image: the class of each ground-truth object,
/// the class and score of each prediction, and the class-agnostic overlap IoU[prediction, groundTruth].
/// Keeping the evaluator on this form lets any overlap measure plug in: <see cref="FromBoxes"/> uses box
/// IoU; <see cref="FromMasks"/> the rasterised outlines' IoU.
/// </summary>
public sealed record ImageIoUMatrix(
    string Image,
    IReadOnlyList<int> GroundTruthClasses,
    IReadOnlyList<int> PredictionClasses,
    IReadOnlyList<double> PredictionScores,
    double[,] IoU)
{
    /// <summary>Builds the matrix for one image from boxes; predictions keep their order.</summary>
    public static ImageIoUMatrix FromBoxes(ImageGroundTruth groundTruth, IReadOnlyList<DetectionPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(predictions);
        return Build(groundTruth, predictions, (p, g) => p.Box.IoU(g.Box));
    }

    /// <summary>
    /// Builds the matrix for one image from outlines: the IoU of each prediction's polygon with each labelled object's
    /// outline (<see cref="GroundTruthBox.Outline"/>), by <see cref="PolygonIoU"/>. A prediction without a polygon of
    /// three points or more overlaps nothing; pairs whose boxes do not overlap are 0 without rasterising.
    /// </summary>
    public static ImageIoUMatrix FromMasks(ImageGroundTruth groundTruth, IReadOnlyList<DetectionPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(predictions);
        return Build(groundTruth, predictions, (p, g) => p.Polygon is { Count: >= 3 } polygon && p.Box.Overlaps(g.Box) ? PolygonIoU.Compute(polygon, g.Outline) : 0);
    }

    private static ImageIoUMatrix Build(ImageGroundTruth groundTruth, IReadOnlyList<DetectionPrediction> predictions, Func<DetectionPrediction, GroundTruthBox, double> overlap)
    {
        var gt = groundTruth.Boxes;
        var iou = new double[predictions.Count, gt.Count];
        for (var p = 0; p < predictions.Count; p++)
        {
            for (var g = 0; g < gt.Count; g++)
            {
                iou[p, g] = overlap(predictions[p], gt[g]);
            }
        }

        return new ImageIoUMatrix(
            groundTruth.Image,
            gt.Select(b => b.ClassId).ToArray(),
            predictions.Select(p => p.ClassId).ToArray(),
            predictions.Select(p => p.Score).ToArray(),
            iou);
    }
}
