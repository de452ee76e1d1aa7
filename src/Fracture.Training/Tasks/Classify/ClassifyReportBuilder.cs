using Fracture.Core.Metrics;

namespace Fracture.Training.Tasks.Classify;

/// <summary>
/// Turns a classifier's probabilities on a split into its report, whoever computed them (TorchSharp validation or an
/// ONNX file through ONNX Runtime), so every source is scored by the same code: the top class per image for the
/// 7-class metrics, and 1 - p(no fracture) (class 0) for the "fracture present" question.
/// </summary>
public static class ClassifyReportBuilder
{
    /// <param name="labels">Class index of each image.</param>
    /// <param name="probabilities">Row-major [image, class], as <see cref="ClassifyEvaluator.Predict"/> returns them.</param>
    /// <param name="loss">Mean cross-entropy over the images; NaN when the source cannot give it.</param>
    /// <param name="threshold">"Fracture present" threshold; null chooses the one maximising Youden's J on this split.</param>
    /// <param name="flipAverage">Whether the probabilities are the mean over each image and its mirror image.</param>
    public static ClassifyReport Build(
        IReadOnlyList<string> classNames, IReadOnlyList<int> labels, ReadOnlySpan<float> probabilities, double loss, double? threshold, bool flipAverage)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(labels);
        var classes = classNames.Count;
        var count = labels.Count;
        if (probabilities.Length != count * classes)
        {
            throw new ArgumentException($"expected {count} x {classes} probabilities, got {probabilities.Length}", nameof(probabilities));
        }

        var predicted = new int[count];
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            predicted[i] = best;
            scores[i] = 1 - row[0];
        }

        return FromAnswers(classNames, labels, predicted, scores, loss, threshold, flipAverage);
    }

    /// <summary>
    /// The report from each image's top class and "fracture present" score alone (a classifier's predictions file
    /// holds no more: `fracture eval classify`), scored exactly as <see cref="Build"/> scores probabilities.
    /// </summary>
    /// <param name="predicted">Top class of each image.</param>
    /// <param name="scores">1 - p(no fracture) of each image.</param>
    public static ClassifyReport FromAnswers(
        IReadOnlyList<string> classNames, IReadOnlyList<int> labels, IReadOnlyList<int> predicted, IReadOnlyList<double> scores, double loss, double? threshold, bool flipAverage)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(scores);
        var count = labels.Count;
        var classes = classNames.Count;
        var positive = labels.Select(l => l != 0).ToArray();
        var binary = threshold is { } t
            ? BinaryRocEvaluator.Evaluate(scores, positive, t)
            : BinaryRocEvaluator.EvaluateAtYoudenThreshold(scores, positive);
        return new ClassifyReport(classNames, ClassificationEvaluator.Evaluate(labels, predicted, classes), binary, loss, count)
        {
            FlipAverage = flipAverage,
        };
    }
}
