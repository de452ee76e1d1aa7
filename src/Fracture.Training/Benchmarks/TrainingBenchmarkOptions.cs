namespace Fracture.Training.Benchmarks;

/// <summary>What `fracture bench train` measures: steps on synthetic tensors, then whole epochs on real images.</summary>
/// <param name="Steps">Timed training steps (after <paramref name="Warmup"/> untimed ones).</param>
/// <param name="Data">data.yaml for the epoch timing; null skips it.</param>
/// <param name="EpochImages">Training images per timed epoch (a seeded subset of the train split).</param>
/// <param name="Epochs">Timed epochs: the first includes decoding and caching, later ones reuse the cache.</param>
public sealed record TrainingBenchmarkOptions(
    string Model = "resnet18",
    int ImageSize = 224,
    int Batch = 16,
    int Steps = 20,
    int Warmup = 3,
    string? Data = null,
    int EpochImages = 320,
    int Epochs = 2,
    int Threads = 2);
