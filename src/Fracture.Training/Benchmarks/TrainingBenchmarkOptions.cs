using Fracture.Training.Engine;

namespace Fracture.Training.Benchmarks;

/// <summary>
/// What `fracture bench train` measures: training steps on synthetic tensors (with the task's real loss, then with a
/// stand-in loss that any engine can compute, for like-for-like comparisons), eval-mode inference, and optionally
/// whole epochs on real images. <see cref="BenchmarkSubjects.Defaults"/> gives each task's defaults.
/// </summary>
/// <param name="Task">Which network family: a name from <see cref="BenchmarkSubjects.Names"/>.</param>
/// <param name="Steps">Timed training steps with the task's loss (after <paramref name="Warmup"/> untimed ones).</param>
/// <param name="Data">data.yaml for the epoch timing; null skips it.</param>
/// <param name="EpochImages">Training images per timed epoch (a seeded subset of the train split).</param>
/// <param name="Epochs">Timed epochs: the first includes decoding and caching, later ones reuse the cache.</param>
/// <param name="Profile">Class profile for the real epochs; null reads the labels raw.</param>
/// <param name="Recipe">
/// Training options the real epochs follow (augmentation, mosaic, background share); null: the task's plain defaults.
/// Data, model, size, batch and image counts are always this benchmark's own.
/// </param>
/// <param name="StandInSteps">Timed steps with the stand-in loss (mean square of the raw output); 0 skips them.</param>
/// <param name="InferenceRuns">Timed eval-mode forwards of one image; 0 skips inference.</param>
/// <param name="InferenceBatch">Images per forward for the batched inference throughput.</param>
/// <param name="InferenceBatchRuns">Timed batched forwards.</param>
/// <param name="Precision">
/// What the training steps and real epochs compute in, as `fracture train --precision`; inference is always float32
/// (the master weights, as validation and export see them).
/// </param>
public sealed record TrainingBenchmarkOptions(
    string Model = "resnet18",
    int ImageSize = 224,
    int Batch = 16,
    int Steps = 20,
    int Warmup = 3,
    string? Data = null,
    int EpochImages = 320,
    int Epochs = 2,
    int Threads = 2,
    string Task = BenchmarkSubjects.Classify,
    string? Profile = null,
    TrainOptions? Recipe = null,
    int StandInSteps = 20,
    int InferenceRuns = 50,
    int InferenceBatch = 8,
    int InferenceBatchRuns = 10,
    TrainingPrecision Precision = TrainingPrecision.Float32)
{
    /// <summary>Rejects counts the benchmark cannot run with (a one-line error instead of a crash mid-run).</summary>
    public void Validate()
    {
        Check(ImageSize >= 32, "image size must be at least 32");
        Check(Batch >= 1 && InferenceBatch >= 1, "batch sizes must be at least 1");
        Check(Steps >= 1, "steps must be at least 1");
        Check(Warmup >= 0 && StandInSteps >= 0 && InferenceRuns >= 0 && InferenceBatchRuns >= 0, "warm-up and run counts must be >= 0");
        Check(EpochImages >= 1 && Epochs >= 1, "epoch images and epochs must be at least 1");
        Check(Threads >= 1, "threads must be at least 1");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new Core.FractureException(message);
        }
    }
}
