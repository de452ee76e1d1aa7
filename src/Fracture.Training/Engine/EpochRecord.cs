namespace Fracture.Training.Engine;

/// <summary>One row of results.csv: an epoch's losses, metrics, learning rate and duration.</summary>
public sealed record EpochRecord(int Epoch, IReadOnlyDictionary<string, double> Values, double LearningRate, double Seconds);
