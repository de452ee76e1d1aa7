using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>One labelled object of an image: its class and its box in pixels.</summary>
public sealed record GroundTruthBox(int ClassId, PixelBox Box);
