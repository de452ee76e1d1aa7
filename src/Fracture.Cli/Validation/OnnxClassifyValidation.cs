using Fracture.Core;
using Fracture.Core.Datasets.Splitting;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Classify;

namespace Fracture.Cli.Validation;

/// <summary>
/// `fracture val classify --model`: scores an exported classifier on a dataset split through ONNX Runtime, with the
/// report code of the checkpoint path (<see cref="ClassifyReportBuilder"/>), so the two reports compare figure by figure.
/// </summary>
internal static class OnnxClassifyValidation
{
    // Probabilities come back as float: one that rounds to 0 would make the loss infinite, where TorchSharp's
    // log-softmax of the logits stays finite. Clamping there changes the loss only for such (hopeless) images.
    private const double SmallestProbability = 1e-30;

    /// <param name="flipAverage">
    /// Asks for mirror averaging, which only the file's graph can do (`export --flip-average`, metadata
    /// fracture.flip_average): an error when the file lacks it, redundant when it has it. The report says what the
    /// file does either way.
    /// </param>
    public static ClassifyReport Run(
        string model, string data, string? profile, string split, int batch, double? threshold, bool flipAverage, IProgress<WorkProgress>? progress)
    {
        using var run = OnnxValidationRun.Open(model, ModelTask.Classify, data, profile, ClassifyData.ClassNamesFor);
        var averaged = run.Predictor.Metadata.FlipAverage;
        if (flipAverage && !averaged)
        {
            throw new FractureException(
                $"{model} was exported without --flip-average: its graph scores each image alone, and an ONNX file cannot be mirror-averaged afterwards; export the checkpoint with --flip-average");
        }

        var predicted = run.Predict(split, batch, PredictSettings.Default, progress);
        var classes = run.ClassNames.Count;
        var labels = new int[predicted.Count];
        var probabilities = new float[predicted.Count * classes];
        for (var i = 0; i < predicted.Count; i++)
        {
            labels[i] = DatasetSplitter.ImageLabel(predicted[i].Item, run.Profile) + 1;
            var scores = predicted[i].Prediction.Classification!.Probabilities;
            for (var c = 0; c < classes; c++)
            {
                // The graph's own float32 output (ClassScores only widens it to double), so this is exact.
                probabilities[(i * classes) + c] = (float)scores[c];
            }
        }

        // The checkpoint path's loss is the cross-entropy of the plain image's logits; a mirror-averaging graph gives
        // only the averaged probabilities, so it has no loss to report.
        var loss = averaged ? double.NaN : CrossEntropy(labels, probabilities, classes);
        return ClassifyReportBuilder.Build(run.ClassNames, labels, probabilities, loss, threshold, averaged) with
        {
            Source = ModelSource.Onnx(model),
            LeftOut = run.Skipped,
        };
    }

    /// <summary>Mean of -ln p(true class): the cross-entropy of the logits, from their softmax.</summary>
    private static double CrossEntropy(int[] labels, float[] probabilities, int classes)
    {
        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            sum -= Math.Log(Math.Max(probabilities[(i * classes) + labels[i]], SmallestProbability));
        }

        return sum / Math.Max(1, labels.Length);
    }
}
