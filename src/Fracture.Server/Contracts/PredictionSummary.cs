namespace Fracture.Server.Contracts;

/// <summary>One line of the history: enough to list a prediction and reopen it by id.</summary>
/// <param name="FindingCount">All the findings stored, down to the request's confidence (the page asks for 0.01).</param>
/// <param name="SuspectedFindingCount">
/// The stored findings at or above the operating threshold of the model that found them, the threshold its verdict
/// vote uses (findings of a model without one do not count).
/// </param>
/// <param name="FractureSuspected">The verdict's call; null when no model with an operating threshold ran.</param>
/// <param name="TopFinding">The most confident finding, or null when there is none.</param>
public sealed record PredictionSummary(
    string Id,
    DateTime CreatedUtc,
    string? FileName,
    int Width,
    int Height,
    bool? FractureSuspected,
    int FindingCount,
    int SuspectedFindingCount,
    PredictionFinding? TopFinding);
