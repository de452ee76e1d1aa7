namespace Fracture.Training.Engine;

/// <summary>How a run ended: its folder, epochs done, the best epoch and its metrics, and whether it stopped early.</summary>
public sealed record TrainResult(string RunFolder, int EpochsCompleted, int BestEpoch, IReadOnlyDictionary<string, double> BestMetrics, bool StoppedEarly, bool Finished);
