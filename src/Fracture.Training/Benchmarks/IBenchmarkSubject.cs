using Fracture.Training.Engine;
using static TorchSharp.torch;

namespace Fracture.Training.Benchmarks;

/// <summary>
/// What <see cref="TrainingBenchmark"/> needs from one task: its network, its real loss against synthetic targets,
/// and whole epochs through its own data pipeline. Timing, the stand-in loss and inference are shared, so every task
/// is measured the same way; the subjects are listed in <see cref="BenchmarkSubjects"/>.
/// </summary>
internal interface IBenchmarkSubject : IDisposable
{
    /// <summary>A fresh network with random weights (speed does not depend on pretrained ones).</summary>
    nn.Module<Tensor, Tensor> CreateModel();

    /// <summary>The task's training loss of a training-mode output for the synthetic batch (targets made once, seeded).</summary>
    Tensor Loss(Tensor output);

    /// <summary>Times whole epochs through the task's real data pipeline with these training options.</summary>
    EpochTiming Epochs(TrainOptions options, int epochs, Action<string>? say);
}
