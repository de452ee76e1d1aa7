namespace Fracture.Core.Metrics;

/// <summary>Single-label classification metrics from actual and predicted class ids.</summary>
public static class ClassificationEvaluator
{
    /// <exception cref="ArgumentException">The lists differ in length or hold an id outside 0..classCount-1.</exception>
    public static ClassificationMetrics Evaluate(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classCount)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"{actual.Count} actual labels but {predicted.Count} predictions.", nameof(predicted));
        }

        var confusion = new int[classCount, classCount];
        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var a = actual[i];
            var p = predicted[i];
            if ((uint)a >= (uint)classCount || (uint)p >= (uint)classCount)
            {
                throw new ArgumentException($"Sample {i}: class ids {a} / {p} must be in 0..{classCount - 1}.", nameof(actual));
            }

            confusion[a, p]++;
            if (a == p)
            {
                correct++;
            }
        }

        var perClass = new ClassMetrics[classCount];
        double macroSum = 0, weightedSum = 0;
        var macroClasses = 0;
        for (var c = 0; c < classCount; c++)
        {
            int support = 0, predictedCount = 0;
            for (var k = 0; k < classCount; k++)
            {
                support += confusion[c, k];
                predictedCount += confusion[k, c];
            }

            var tp = confusion[c, c];
            var precision = predictedCount == 0 ? 0 : (double)tp / predictedCount;
            var recall = support == 0 ? 0 : (double)tp / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(c, precision, recall, f1, support, predictedCount);

            // A class absent from both lists says nothing about the model; counting it as 0 would punish it.
            if (support > 0 || predictedCount > 0)
            {
                macroSum += f1;
                macroClasses++;
            }

            weightedSum += f1 * support;
        }

        var n = actual.Count;
        return new ClassificationMetrics(
            Accuracy: n == 0 ? 0 : (double)correct / n,
            MacroF1: macroClasses == 0 ? 0 : macroSum / macroClasses,
            WeightedF1: n == 0 ? 0 : weightedSum / n,
            PerClass: perClass,
            Confusion: confusion,
            Samples: n);
    }
}
