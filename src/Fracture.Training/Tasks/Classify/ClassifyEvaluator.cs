using Fracture.Training.Engine;
using Fracture.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Classify;

/// <summary>Runs a classifier over a split (no augmentation) and scores it.</summary>
public static class ClassifyEvaluator
{
    /// <param name="threshold">"Fracture present" threshold; null chooses the one maximising Youden's J on this split.</param>
    /// <param name="flipAverage">Test-time augmentation: average the probabilities of the image and its mirror image.</param>
    public static ClassifyReport Evaluate(nn.Module<Tensor, Tensor> model, ClassifyData data, InputNormalization normalization, int batchSize, double? threshold, bool flipAverage = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var probabilities = Predict(model, data, normalization, batchSize, flipAverage, out var loss);
        return ClassifyReportBuilder.Build(data.ClassNames, data.Labels, probabilities, loss, threshold, flipAverage);
    }

    /// <summary>
    /// Softmax probabilities, row-major [image, class], and the mean cross-entropy of the plain (unmirrored) logits.
    /// With <paramref name="flipAverage"/> each row is the mean of the image's and its left-right mirror's softmax:
    /// training flips at random, so both views are in-distribution and their mean is a steadier score (measured
    /// in docs/training.md). It doubles the cost of a prediction.
    /// </summary>
    public static float[] Predict(nn.Module<Tensor, Tensor> model, ClassifyData data, InputNormalization normalization, int batchSize, bool flipAverage, out double meanLoss)
    {
        var classes = data.ClassNames.Count;
        var result = new float[data.Count * classes];
        var size = data.Cache.Size;
        var buffer = new float[batchSize * InputNormalization.TensorLength(size, size)];
        var lossSum = 0.0;
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                var per = InputNormalization.TensorLength(size, size);
                for (var k = 0; k < n; k++)
                {
                    normalization.Fill(buffer.AsSpan(k * per, per), data.Cache[start + k]);
                }

                var images = tensor(buffer.AsSpan(0, n * per).ToArray(), [n, 3, size, size]);
                var labels = tensor(data.Labels.Skip(start).Take(n).Select(l => (long)l).ToArray(), ScalarType.Int64);
                var logits = model.call(images);
                lossSum += nn.functional.cross_entropy(logits, labels).item<float>() * n;
                var probabilities = flipAverage ? MirrorAveraged(model, images, logits) : logits.softmax(1);
                probabilities.data<float>().ToArray().CopyTo(result, start * classes);
            }
        }

        meanLoss = lossSum / Math.Max(1, data.Count);
        return result;
    }

    /// <summary>Mean of the softmax of <paramref name="logits"/> (the model's output for the images) and of the mirror images' softmax.</summary>
    internal static Tensor MirrorAveraged(nn.Module<Tensor, Tensor> model, Tensor images, Tensor logits)
    {
        using var scope = NewDisposeScope();
        using var two = 2.ToScalar(); // held (docs/training.md, "Scalars held ...")
        return (logits.softmax(1).Plus(model.call(images.flip(3)).softmax(1)) / two).MoveToOuterDisposeScope();
    }
}
