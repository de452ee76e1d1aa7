namespace Fracture.Inference;

/// <summary>PLACEHOLDER (replaced by branch infer): how a model is loaded.</summary>
public sealed record PredictorOptions(int IntraOpThreads = 2, int InterOpThreads = 1);
