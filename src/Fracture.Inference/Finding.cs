using Fracture.Core.Geometry;

namespace Fracture.Inference;

/// <summary>
/// One object a detector or segmenter found, in pixels of the original image (before letterboxing).
/// <paramref name="Polygon"/> is the outline of a segmenter's mask; null for a detector.
/// </summary>
public sealed record Finding(int ClassId, string Name, double Score, PixelBox Box, IReadOnlyList<PixelPoint>? Polygon = null);
