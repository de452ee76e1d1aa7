namespace Fracture.Server.Contracts;

/// <summary>One line of the history: enough to list a prediction and reopen it by id.</summary>
/// <param name="TopFinding">The most confident finding, or null when there is none.</param>
public sealed record PredictionSummary(
    string Id,
    DateTime CreatedUtc,
    string? FileName,
    int Width,
    int Height,
    bool FractureSuspected,
    int FindingCount,
    PredictionFinding? TopFinding);
