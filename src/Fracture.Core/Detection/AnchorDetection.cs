using Fracture.Core.Metrics;

namespace Fracture.Core.Detection;

/// <summary>A kept detection and the anchor (output column) or end-to-end row it came from, so its extras such as mask coefficients can be read.</summary>
public readonly record struct AnchorDetection(ScoredBox Detection, int Anchor);
