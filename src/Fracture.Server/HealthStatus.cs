namespace Fracture.Server;

/// <summary>Body of the health endpoints.</summary>
public sealed record HealthStatus(string Status);
