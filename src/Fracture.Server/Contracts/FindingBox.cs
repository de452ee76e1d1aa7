namespace Fracture.Server.Contracts;

/// <summary>An axis-aligned box in pixels: left, top, right, bottom.</summary>
public sealed record FindingBox(double X1, double Y1, double X2, double Y2);
