namespace Fracture.Core.Metrics;

/// <summary>
/// One class of a classification evaluation. Precision is 0 when the class was never predicted, recall 0
/// when it never occurs, F1 0 when precision + recall is 0.
/// </summary>
/// <param name="Support">How often the class occurs in the actual labels.</param>
/// <param name="PredictedCount">How often it was predicted.</param>
public sealed record ClassMetrics(int ClassId, double Precision, double Recall, double F1, int Support, int PredictedCount);
