using Fracture.Core.Geometry;
using Fracture.Core.Models;

namespace Fracture.Inference.Output;

/// <summary>
/// One row of a predictions file: a finding of a detector or segmenter (with its box, and its outline for a
/// segmenter), or a classifier's answer for an image (top class, no box, the fracture probability when known).
/// </summary>
public sealed record PredictionRow(
    string Image,
    ModelTask Task,
    int ClassId,
    string Name,
    double Score,
    PixelBox? Box,
    IReadOnlyList<PixelPoint>? Polygon,
    double? FractureProbability)
{
    /// <summary>The rows of one image: one per finding, or one for a classifier; none for an image without findings.</summary>
    public static IEnumerable<PredictionRow> From(NamedPrediction named)
    {
        ArgumentNullException.ThrowIfNull(named);
        var prediction = named.Prediction;
        if (prediction.Classification is { } c)
        {
            return [new PredictionRow(named.Image, ModelTask.Classify, c.TopClass, c.TopName, c.TopScore, null, null, c.FractureProbability)];
        }

        return prediction.Findings.Select(f => new PredictionRow(named.Image, prediction.Task, f.ClassId, f.Name, f.Score, f.Box, f.Polygon, null));
    }

    /// <summary>Every row of <paramref name="predictions"/>, in their order.</summary>
    public static IEnumerable<PredictionRow> From(IEnumerable<NamedPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return predictions.SelectMany(From);
    }
}
