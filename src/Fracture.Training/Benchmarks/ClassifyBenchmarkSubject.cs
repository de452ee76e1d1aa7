using Fracture.Training.Engine;
using Fracture.Training.Tasks.Classify;
using static TorchSharp.torch;

namespace Fracture.Training.Benchmarks;

/// <summary>The classifier: cross-entropy over 7 classes (the raw label set) on random labels.</summary>
internal sealed class ClassifyBenchmarkSubject : IBenchmarkSubject
{
    private const int Classes = 7;
    private readonly string _model;
    private readonly Tensor _labels;

    public ClassifyBenchmarkSubject(TrainingBenchmarkOptions options)
    {
        _model = options.Model;
        _labels = randint(0, Classes, [options.Batch], dtype: ScalarType.Int64);
    }

    public nn.Module<Tensor, Tensor> CreateModel() => ClassifierNetworks.Create(_model, Classes, initialWeights: false);

    public Tensor Loss(Tensor output) => nn.functional.cross_entropy(output, _labels);

    public EpochTiming Epochs(TrainOptions options, int epochs, Action<string>? say) =>
        EpochTiming.Measure(() => new ClassifyTask(options), options, epochs, say);

    public void Dispose() => _labels.Dispose();
}
