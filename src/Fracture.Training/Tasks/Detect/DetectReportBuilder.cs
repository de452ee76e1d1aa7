using Fracture.Core.Metrics;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// Turns a detector's kept boxes on a split into its report, whoever found them (TorchSharp validation or an ONNX file
/// through ONNX Runtime), so every source is scored by the same code: COCO-style box metrics, and "fracture present"
/// scored by each image's most confident box.
/// </summary>
/// <remarks>
/// Boxes and ground truth must be in one frame per image, any frame: the metrics depend on boxes only through IoU,
/// which an axis-aligned scale and shift (a letterbox, or file pixels to decoded pixels) leaves as it is.
/// </remarks>
public static class DetectReportBuilder
{
    /// <param name="truth">Each image's labelled boxes; <see cref="ImageGroundTruth.Image"/> names the image.</param>
    /// <param name="predictions">Each image's kept boxes (same order as <paramref name="truth"/>), in its frame.</param>
    public static DetectReport Build(
        IReadOnlyList<string> classNames, IReadOnlyList<ImageGroundTruth> truth, IReadOnlyList<IReadOnlyList<ScoredBox>> predictions, DetectEvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(settings);
        if (predictions.Count != truth.Count)
        {
            throw new ArgumentException($"{predictions.Count} images with predictions for {truth.Count} with ground truth", nameof(predictions));
        }

        var found = new List<DetectionPrediction>();
        var scores = new double[truth.Count];
        var positive = new bool[truth.Count];
        for (var i = 0; i < truth.Count; i++)
        {
            var image = truth[i].Image;
            found.AddRange(predictions[i].Select(p => new DetectionPrediction(image, p.ClassId, p.Score, p.Box)));
            scores[i] = predictions[i].Count == 0 ? 0 : predictions[i].Max(p => p.Score);
            positive[i] = truth[i].Boxes.Count > 0;
        }

        var metrics = DetectionEvaluator.Evaluate(truth, found, new DetectionEvaluationOptions
        {
            MaxDetections = settings.MaxDetections,
            ClassNames = classNames,
        });
        var binary = settings.Threshold is { } t
            ? BinaryRocEvaluator.Evaluate(scores, positive, t)
            : BinaryRocEvaluator.EvaluateAtYoudenThreshold(scores, positive);
        return new DetectReport(classNames, metrics, binary, truth.Count);
    }
}
