using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>One detection made by a model on the image named <paramref name="Image"/> (a file name).</summary>
/// <param name="Score">Confidence in 0..1.</param>
public sealed record DetectionPrediction(string Image, int ClassId, double Score, PixelBox Box);
