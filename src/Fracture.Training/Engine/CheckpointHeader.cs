namespace Fracture.Training.Engine;

/// <summary>What a checkpoint says about itself, stored as JSON in front of the tensors.</summary>
/// <param name="Epoch">Epochs completed (1-based count) when it was written.</param>
/// <param name="ClassNames">Output classes of the network, in index order.</param>
/// <param name="Metrics">Validation metrics of that epoch (name to value).</param>
/// <param name="History">One row per completed epoch, so a resumed run keeps its results.csv and plots.</param>
/// <param name="LabelMapping">Where the dataset's class ids went (<see cref="Data.LabelMapping"/>); null in checkpoints written before 2026-12-03.</param>
/// <param name="Images">Training images per epoch and validation images that score, when written; null before 2026-12-03.</param>
public sealed record CheckpointHeader(
    int Epoch,
    TrainOptions Options,
    IReadOnlyList<string> ClassNames,
    IReadOnlyDictionary<string, double> Metrics,
    EarlyStopping Stopping,
    long Updates,
    IReadOnlyList<EpochRecord> History,
    DateTimeOffset Written,
    string? LabelMapping = null,
    SplitSizes? Images = null);
