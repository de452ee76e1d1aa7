using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>One detection made by a model on the image named <paramref name="Image"/> (a file name).</summary>
/// <param name="Score">Confidence in 0..1.</param>
/// <param name="Polygon">A segmenter's outline in the image's pixels; null when the model gave none (a detector).</param>
public sealed record DetectionPrediction(string Image, int ClassId, double Score, PixelBox Box, IReadOnlyList<PixelPoint>? Polygon = null);
