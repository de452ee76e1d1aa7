namespace Fracture.Core.Metrics;

/// <summary>
/// What the detection evaluator needs to know about one image: the class of each ground-truth object,
/// the class and score of each prediction, and the class-agnostic overlap IoU[prediction, groundTruth].
/// Keeping the evaluator on this form lets any overlap measure plug in: <see cref="FromBoxes"/> uses box
/// IoU; segmentation can fill the matrix from <see cref="MaskIoU"/> instead.
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
        var gt = groundTruth.Boxes;
        var iou = new double[predictions.Count, gt.Count];
        for (var p = 0; p < predictions.Count; p++)
        {
            for (var g = 0; g < gt.Count; g++)
            {
                iou[p, g] = predictions[p].Box.IoU(gt[g].Box);
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
