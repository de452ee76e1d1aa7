using Fracture.Core.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Inference;

/// <summary>
/// Classifiers: output [N, C], probabilities (Ultralytics and Fracture exports end in a softmax) or logits, which get
/// one. With a "no fracture" class in the metadata, the fracture probability is its complement, and the call is made
/// at the model's threshold (or the call's <see cref="PredictSettings.Confidence"/>).
/// </summary>
internal sealed class ClassifyPredictor : Predictor
{
    // How far from 1 a sum of probabilities may be (float rounding over many classes) and still count as one.
    private const double SumTolerance = 1e-3;

    public ClassifyPredictor(string path, InferenceSession session, SessionOptions sessionOptions, ModelMetadata metadata, ModelSignature signature)
        : base(path, session, sessionOptions, metadata, signature)
    {
    }

    /// <summary>The values themselves when they already are probabilities (each in 0..1, summing to 1); else their softmax.</summary>
    internal static double[] Probabilities(ReadOnlySpan<float> scores)
    {
        var values = new double[scores.Length];
        var (sum, inRange) = (0.0, true);
        for (var i = 0; i < scores.Length; i++)
        {
            values[i] = scores[i];
            sum += values[i];
            inRange &= values[i] is >= 0 and <= 1;
        }

        if (inRange && Math.Abs(sum - 1) <= SumTolerance)
        {
            return values;
        }

        var max = values.Max();
        var total = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Exp(values[i] - max);
            total += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= total;
        }

        return values;
    }

    private protected override ImagePrediction Decode(IReadOnlyList<OrtValue> outputs, IReadOnlyList<OrtValue>? mirrored, int index, InputGeometry geometry, PredictSettings settings, CancellationToken cancellation)
    {
        var names = Metadata.Names;
        var scores = Slice(outputs[0], index, 2, out var shape);
        if (shape[1] != names.Count)
        {
            throw new ModelFormatException(Path, $"output came back as {ModelSignature.Describe(shape)}; with {names.Count} class names it must be [N, {names.Count}]");
        }

        var probabilities = Probabilities(scores);
        var top = 0;
        for (var i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[top])
            {
                top = i;
            }
        }

        double? fracture = Metadata.NegativeClass is { } negative ? 1 - probabilities[negative] : null;
        var threshold = settings.Confidence ?? Metadata.Threshold;
        bool? isFracture = fracture is { } p && threshold is { } t ? p >= t : null;
        var scoresRecord = new ClassScores(probabilities, top, names[top], probabilities[top], fracture, isFracture);
        return new ImagePrediction(ModelTask.Classify, geometry.FileWidth, geometry.FileHeight, [], scoresRecord);
    }
}
