using Fracture.Core.Geometry;
using Fracture.Core.Models;

namespace Fracture.Inference.Output;

/// <summary>
/// One row of a predictions file: a finding of a detector or segmenter (with its box, and its outline for a
/// segmenter), or a classifier's answer for an image (top class, no box, the fracture probability when known).
/// Rows are rounded for the files: probabilities to <see cref="ScoreDecimals"/> decimals, coordinates to
/// <see cref="PixelDecimals"/> (a model's float32 scores would otherwise print as 0.8999999761581421).
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
    public const int ScoreDecimals = 6;

    public const int PixelDecimals = 3;

    /// <summary>The rows of one image: one per finding, or one for a classifier; none for an image without findings.</summary>
    public static IEnumerable<PredictionRow> From(NamedPrediction named)
    {
        ArgumentNullException.ThrowIfNull(named);
        var prediction = named.Prediction;
        if (prediction.Classification is { } c)
        {
            return [new PredictionRow(named.Image, ModelTask.Classify, c.TopClass, c.TopName, RoundScore(c.TopScore), null, null, c.FractureProbability is { } p ? RoundScore(p) : null)];
        }

        return prediction.Findings.Select(f => new PredictionRow(
            named.Image,
            prediction.Task,
            f.ClassId,
            f.Name,
            RoundScore(f.Score),
            new PixelBox(Pixel(f.Box.X1), Pixel(f.Box.Y1), Pixel(f.Box.X2), Pixel(f.Box.Y2)),
            f.Polygon?.Select(p => new PixelPoint(Pixel(p.X), Pixel(p.Y))).ToList(),
            null));
    }

    /// <summary>Every row of <paramref name="predictions"/>, in their order.</summary>
    public static IEnumerable<PredictionRow> From(IEnumerable<NamedPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return predictions.SelectMany(From);
    }

    private static double RoundScore(double value) => Math.Round(value, ScoreDecimals);

    private static double Pixel(double value) => Math.Round(value, PixelDecimals);
}
