using Fracture.Core;
using Fracture.Core.Augmentation;
using Fracture.Core.Datasets;
using Fracture.Core.Imaging;
using Fracture.Training.Data;
using Fracture.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Classify;

/// <summary>
/// Image-level fracture classification: no fracture + one class per fracture region. Fills the trainer's hooks:
/// cached letterboxed images, X-ray augmentation, class-weighted cross-entropy with label smoothing, and validation
/// by weighted F1 and "fracture present" AUC.
/// </summary>
public sealed class ClassifyTask : ITrainingTask<ClassifyBatch>
{
    private readonly TrainOptions _options;
    private readonly InputNormalization _normalization;
    private readonly Augmenter _augmenter;
    private readonly Tensor _classWeights;

    public ClassifyTask(TrainOptions options, IProgress<WorkProgress>? progress = null)
    {
        _options = options;
        _normalization = ClassifierNetworks.NormalizationOf(options.Model);
        var yaml = DataYamlReader.Read(options.Data);
        var profile = DatasetProfile.LoadFor(yaml, options.Profile);
        LabelMapping = Data.LabelMapping.Of(yaml, profile);
        Train = ClassifyData.Load(yaml, profile, SplitNames.Train, options.ImageSize, options.MaxTrainImages, options.Seed, progress);
        Val = ClassifyData.Load(yaml, profile, SplitNames.Val, options.ImageSize, options.MaxValImages, options.Seed, progress);
        _augmenter = new Augmenter(options.Augmentation);
        _classWeights = tensor(ClassWeights.InverseSquareRoot(Train.ClassCounts()));
    }

    public ClassifyData Train { get; }

    public ClassifyData Val { get; }

    public IReadOnlyList<string> ClassNames => Train.ClassNames;

    public string LabelMapping { get; }

    public int BatchesPerEpoch => (Train.Count + _options.Batch - 1) / _options.Batch;

    public int TrainImages => Train.Count;

    public int ValImagesThatScore => Val.Count;

    /// <summary>Images left out of training and validation, each with why.</summary>
    public IEnumerable<string> Skipped => ISplitData.LeftOut(Train, Val);

    public nn.Module<Tensor, Tensor> CreateModel(bool initialWeights) =>
        ClassifierNetworks.Create(_options.Model, ClassNames.Count, initialWeights);

    public IEnumerable<ClassifyBatch> TrainBatches(int epoch, CancellationToken cancellation)
    {
        // The order and the augmentation depend only on (seed, epoch): a resumed epoch sees the same batches.
        var order = Enumerable.Range(0, Train.Count).ToArray();
        new Random(StableSeed.Of(_options.Seed, epoch)).Shuffle(order);
        return BatchPrefetcher.Run(BatchesPerEpoch, b => MakeBatch(order, b, epoch), capacity: 2, cancellation);
    }

    public Tensor Inputs(ClassifyBatch batch) => batch.Images;

    public Tensor Loss(nn.Module<Tensor, Tensor> model, ClassifyBatch batch, IDictionary<string, double> parts)
    {
        var logits = model.call(batch.Images).to(ScalarType.Float32); // float32 also after a bfloat16 forward
        var loss = nn.functional.cross_entropy(logits, batch.Labels, weight: _classWeights, label_smoothing: _options.LabelSmoothing);
        parts["loss"] = parts.TryGetValue("loss", out var sum) ? sum + loss.item<float>() : loss.item<float>();
        return loss;
    }

    public ValidationResult Validate(nn.Module<Tensor, Tensor> model)
    {
        var report = ClassifyEvaluator.Evaluate(model, Val, _normalization, _options.Batch, threshold: null);
        return new ValidationResult(report.ToMetrics(), report.Fitness, report);
    }

    public void WritePlots(string runFolder, ValidationResult result, ModelSource source)
    {
        if (result.Report is ClassifyReport report)
        {
            ConfusionPlot.Write(Path.Combine(runFolder, "confusion.png"), report.ClassNames, report.Classification.Confusion);
            ClassifyReportJson.Write(Path.Combine(runFolder, RunFolder.BestValidationName), report with { Source = source });
        }
    }

    public void Dispose() => _classWeights.Dispose();

    private ClassifyBatch MakeBatch(int[] order, int batch, int epoch)
    {
        var start = batch * _options.Batch;
        var n = Math.Min(_options.Batch, Train.Count - start);
        var size = Train.Cache.Size;
        var per = InputNormalization.TensorLength(size, size);
        var pixels = new float[n * per];
        var labels = new long[n];
        var random = new Random(StableSeed.Of(_options.Seed, epoch, batch));
        for (var k = 0; k < n; k++)
        {
            var index = order[start + k];
            var (image, _) = _augmenter.Augment(Train.Cache[index], [], random);
            _normalization.Fill(pixels.AsSpan(k * per, per), image);
            labels[k] = Train.Labels[index];
        }

        return new ClassifyBatch(tensor(pixels, [n, 3, size, size]), tensor(labels));
    }
}
