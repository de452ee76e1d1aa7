using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>A candidate detection as non-maximum suppression sees it.</summary>
public readonly record struct ScoredBox(PixelBox Box, double Score, int ClassId);
