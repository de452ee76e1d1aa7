namespace Fracture.Server.Contracts;

/// <summary>A model's input size in pixels.</summary>
public sealed record InputSize(int Width, int Height);
