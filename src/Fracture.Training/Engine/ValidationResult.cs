namespace Fracture.Training.Engine;

/// <summary>
/// What a task's validation returns: named metrics (for results.csv), the fitness that picks the best epoch,
/// and a task-specific report (confusion matrix, per-class figures) for plots and JSON.
/// </summary>
public sealed record ValidationResult(IReadOnlyDictionary<string, double> Metrics, double Fitness, object? Report);
