using Fracture.Core.Detection;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// Runs a detector over a split (no augmentation), decodes and suppresses as Ultralytics validates, and scores the
/// boxes. Boxes and ground truth are compared in the letterboxed pixels: letterboxing is one uniform scale and shift,
/// which leaves every IoU, and so every metric, as it is in the original pixels.
/// </summary>
public static class DetectEvaluator
{
    public static DetectReport Evaluate(nn.Module<Tensor, Tensor> model, DetectData data, InputNormalization normalization, int batchSize, DetectEvaluationSettings settings)
    {
        var predictions = Predict(model, data, normalization, batchSize, settings);
        var truth = new List<ImageGroundTruth>(data.Count);
        var found = new List<DetectionPrediction>();
        var scores = new double[data.Count];
        var positive = new bool[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            truth.Add(new ImageGroundTruth(data.Paths[i], [.. data.Instances[i].Select(o => new GroundTruthBox(o.ClassId, o.Box))]));
            found.AddRange(predictions[i].Select(p => new DetectionPrediction(data.Paths[i], p.ClassId, p.Score, p.Box)));
            scores[i] = predictions[i].Length == 0 ? 0 : predictions[i].Max(p => p.Score);
            positive[i] = data.Instances[i].Count > 0;
        }

        var metrics = DetectionEvaluator.Evaluate(truth, found, new DetectionEvaluationOptions
        {
            MaxDetections = settings.MaxDetections,
            ClassNames = data.ClassNames,
        });
        var binary = settings.Threshold is { } t
            ? BinaryRocEvaluator.Evaluate(scores, positive, t)
            : BinaryRocEvaluator.EvaluateAtYoudenThreshold(scores, positive);
        return new DetectReport(data.ClassNames, metrics, binary, data.Count);
    }

    /// <summary>Each image's kept boxes in its letterboxed pixels, highest score first.</summary>
    public static ScoredBox[][] Predict(nn.Module<Tensor, Tensor> model, DetectData data, InputNormalization normalization, int batchSize, DetectEvaluationSettings settings)
    {
        var size = data.Cache.Size;
        var per = InputNormalization.TensorLength(size, size);
        var buffer = new float[batchSize * per];
        var result = new ScoredBox[data.Count][];
        var classes = data.ClassNames.Count;
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                for (var k = 0; k < n; k++)
                {
                    normalization.Fill(buffer.AsSpan(k * per, per), data.Cache[start + k]);
                }

                var output = model.call(tensor(buffer.AsSpan(0, n * per).ToArray(), [n, 3, size, size]));
                var anchors = (int)output.shape[2];
                var values = output.data<float>().ToArray();
                var block = (4 + classes) * anchors;
                Parallel.For(0, n, k => result[start + k] = YoloOutputDecoder.Decode(
                    values.AsSpan(k * block, block), classes, anchors, settings.Confidence, settings.Iou, settings.MaxDetections, multiLabel: true, size, size));
            }
        }

        return result;
    }
}
