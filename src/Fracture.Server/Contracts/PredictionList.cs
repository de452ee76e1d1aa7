namespace Fracture.Server.Contracts;

/// <summary>A page of the stored predictions, newest first.</summary>
/// <param name="Next">The link to the next (older) page, or null when this page holds the oldest.</param>
public sealed record PredictionList(IReadOnlyList<PredictionSummary> Items, string? Next = null);
