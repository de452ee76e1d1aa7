namespace Fracture.Server.Contracts;

/// <summary>The models the server runs, by task.</summary>
public sealed record ModelList(IReadOnlyList<ModelInfo> Models);
