using Fracture.Core.Metrics;

namespace Fracture.Core.Detection;

/// <summary>A kept detection and the anchor (output column) it came from, so per-anchor extras such as mask coefficients can be read.</summary>
public readonly record struct AnchorDetection(ScoredBox Detection, int Anchor);
