namespace Fracture.Training.Benchmarks;

/// <summary>Measured training speed: per-step times (seconds) and, when data was given, whole-epoch times.</summary>
public sealed record TrainingBenchmarkResult(
    TrainingBenchmarkOptions Options,
    double MedianStepSeconds,
    double StepImagesPerSecond,
    IReadOnlyList<double> StepSeconds,
    IReadOnlyList<double> EpochSeconds);
