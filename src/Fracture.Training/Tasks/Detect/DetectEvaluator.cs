using Fracture.Core.Detection;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// Runs a detector over a split (no augmentation), decodes and suppresses as Ultralytics validates, and scores the
/// boxes (<see cref="DetectReportBuilder"/>). Boxes and ground truth are compared in the letterboxed pixels:
/// letterboxing is one uniform scale and shift, which leaves every IoU, and so every metric, as it is in the original
/// pixels.
/// </summary>
public static class DetectEvaluator
{
    public static DetectReport Evaluate(nn.Module<Tensor, Tensor> model, DetectData data, InputNormalization normalization, int batchSize, DetectEvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        var predictions = Predict(model, data, normalization, batchSize, settings);
        var truth = data.Paths.Select((path, i) => new ImageGroundTruth(path, [.. data.Instances[i].Select(o => new GroundTruthBox(o.ClassId, o.Box))])).ToArray();
        return DetectReportBuilder.Build(data.ClassNames, truth, predictions, settings);
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
