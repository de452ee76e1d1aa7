namespace Fracture.Server.Contracts;

/// <summary>Which model file took part in a prediction: id, task, its metadata's version and the file's SHA-256.</summary>
public sealed record ModelVersion(string Id, string Task, string? Version, string Sha256);
