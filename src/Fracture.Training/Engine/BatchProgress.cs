namespace Fracture.Training.Engine;

/// <summary>Progress within an epoch: batches done, the running mean loss, throughput and time left.</summary>
public readonly record struct BatchProgress(int Epoch, int Batch, int Batches, double MeanLoss, double ImagesPerSecond, TimeSpan EpochRemaining);
