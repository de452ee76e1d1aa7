namespace Fracture.Server.Contracts;

/// <summary>The recent predictions, newest first.</summary>
public sealed record PredictionList(IReadOnlyList<PredictionSummary> Items);
