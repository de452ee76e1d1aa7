namespace Fracture.Core.Geometry;

/// <summary>A point in pixels of some image.</summary>
public readonly record struct PixelPoint(double X, double Y);
