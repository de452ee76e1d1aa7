using Fracture.Core;
using Fracture.Core.Augmentation;
using Fracture.Core.Datasets;
using Fracture.Core.Imaging;
using Fracture.Training.Data;
using Fracture.Training.Engine;
using Fracture.Training.Networks.Detection;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// Fracture detection, YOLOv8-style: cached letterboxed images, mosaic (off for the last
/// <see cref="TrainOptions.CloseMosaicEpochs"/>) and X-ray augmentation moving the boxes with the image, the
/// task-aligned loss, and validation as Ultralytics does it (fitness 0.1 mAP50 + 0.9 mAP50-95).
/// </summary>
public sealed class DetectTask : ITrainingTask<DetectBatch>
{
    private readonly TrainOptions _options;
    private readonly InputNormalization _normalization;
    private readonly Augmenter _augmenter;
    private readonly DetectionLoss _loss;
    private readonly int[] _objects;
    private readonly int[] _backgrounds;
    private readonly int _backgroundsPerEpoch;

    public DetectTask(TrainOptions options, IProgress<WorkProgress>? progress = null)
    {
        _options = options;
        _normalization = DetectorNetworks.NormalizationOf(options.Model);
        Detector.RequireImageSize(options.ImageSize);

        var yaml = DataYamlReader.Read(options.Data);
        var profile = DatasetProfile.LoadFor(yaml, options.Profile);
        LabelMapping = Data.LabelMapping.Of(yaml, profile);
        Train = DetectData.Load(yaml, profile, SplitNames.Train, options.ImageSize, options.MaxTrainImages, options.Seed, progress);
        Val = DetectData.Load(yaml, profile, SplitNames.Val, options.ImageSize, options.MaxValImages, options.Seed, progress);
        _augmenter = new Augmenter(options.Augmentation);
        _loss = new DetectionLoss(Detector.LossOptions(new DetectorOptions { Classes = Train.ClassNames.Count }));
        _objects = [.. Enumerable.Range(0, Train.Count).Where(i => Train.Instances[i].Count > 0)];
        _backgrounds = [.. Enumerable.Range(0, Train.Count).Where(i => Train.Instances[i].Count == 0)];
        _backgroundsPerEpoch = (int)Math.Round(_backgrounds.Length * options.BackgroundFraction);
    }

    public DetectData Train { get; }

    public DetectData Val { get; }

    public IReadOnlyList<string> ClassNames => Train.ClassNames;

    public string LabelMapping { get; }

    public int BatchesPerEpoch => (TrainImages + _options.Batch - 1) / _options.Batch;

    /// <summary>Images per epoch: every image with objects, and <see cref="TrainOptions.BackgroundFraction"/> of the rest.</summary>
    public int TrainImages => _objects.Length + _backgroundsPerEpoch;

    public int TrainImagesWithObjects => _objects.Length;

    public int ValImagesThatScore => Enumerable.Range(0, Val.Count).Count(i => Val.Instances[i].Count > 0);

    /// <summary>Images left out of training and validation, each with why.</summary>
    public IEnumerable<string> Skipped => ISplitData.LeftOut(Train, Val);

    public nn.Module<Tensor, Tensor> CreateModel(bool initialWeights) =>
        DetectorNetworks.Create(_options.Model, ClassNames.Count, initialWeights);

    public IEnumerable<DetectBatch> TrainBatches(int epoch, CancellationToken cancellation) =>
        Batches(epoch, (pixels, objects) => BoxBatch(pixels, objects, Train.Cache.Size), cancellation);

    /// <summary>
    /// The epoch's augmented images (normalised, [n, 3, S, S] row-major) and their objects in input pixels, made into
    /// batches by <paramref name="make"/>; the segmenter adds masks to the same batches.
    /// </summary>
    internal IEnumerable<TBatch> Batches<TBatch>(int epoch, Func<float[], IReadOnlyList<PixelInstance>[], TBatch> make, CancellationToken cancellation)
        where TBatch : IDisposable
    {
        // Order and augmentation depend only on (seed, epoch): a resumed epoch sees the same batches.
        var random = new Random(StableSeed.Of(_options.Seed, epoch));
        var backgrounds = _backgrounds.ToArray();
        random.Shuffle(backgrounds);
        int[] order = [.. _objects, .. backgrounds.Take(_backgroundsPerEpoch)];
        random.Shuffle(order);
        var mosaic = epoch < _options.Epochs - _options.CloseMosaicEpochs ? _options.Augmentation.MosaicProbability : 0;
        return BatchPrefetcher.Run(
            BatchesPerEpoch,
            b =>
            {
                var (pixels, objects) = Sample(order, b, epoch, mosaic);
                return make(pixels, objects);
            },
            capacity: 2,
            cancellation);
    }

    public Tensor Inputs(DetectBatch batch) => batch.Images;

    public Tensor Loss(nn.Module<Tensor, Tensor> model, DetectBatch batch, IDictionary<string, double> parts)
    {
        // Float32 whatever the network computes in (bfloat16 training, TrainingPrecision): the loss needs the range.
        var raw = model.call(batch.Images).to(ScalarType.Float32);
        var size = (int)batch.Images.shape[2];
        var result = _loss.Compute(raw, size, size, batch.GtLabels, batch.GtBoxes, batch.GtMask);
        AddPart(parts, "loss", result.Total.item<float>());
        AddPart(parts, "box_loss", result.Box);
        AddPart(parts, "cls_loss", result.Class);
        AddPart(parts, "dfl_loss", result.Dfl);
        return result.Total;
    }

    public ValidationResult Validate(nn.Module<Tensor, Tensor> model)
    {
        var report = DetectEvaluator.Evaluate(model, Val, _normalization, _options.Batch, DetectEvaluationSettings.Default);
        return new ValidationResult(report.ToMetrics(), report.Fitness, report);
    }

    public void WritePlots(string runFolder, ValidationResult result, ModelSource source)
    {
        if (result.Report is DetectReport report)
        {
            ConfusionPlot.Write(Path.Combine(runFolder, "confusion.png"), [.. report.ClassNames, "background"], report.Boxes.Confusion.Counts);
            PrecisionRecallPlot.Write(Path.Combine(runFolder, "pr-curve.png"), report.Boxes);
            DetectReportJson.Write(Path.Combine(runFolder, RunFolder.BestValidationName), report with { Source = source });
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Adds a batch's loss part to the epoch's sum (the segmenter logs its parts the same way).</summary>
    internal static void AddPart(IDictionary<string, double> parts, string key, double value) =>
        parts[key] = parts.TryGetValue(key, out var sum) ? sum + value : value;

    /// <summary>Boxes padded to the batch's largest count, as <see cref="DetectionLoss"/> reads them.</summary>
    internal static DetectBatch BoxBatch(float[] pixels, IReadOnlyList<PixelInstance>[] objects, int size)
    {
        var n = objects.Length;
        var m = objects.Max(o => o.Count);
        var labels = new long[n * m];
        var boxes = new float[n * m * 4];
        var mask = new bool[n * m];
        for (var k = 0; k < n; k++)
        {
            for (var j = 0; j < objects[k].Count; j++)
            {
                var o = objects[k][j];
                labels[(k * m) + j] = o.ClassId;
                mask[(k * m) + j] = true;
                var at = ((k * m) + j) * 4;
                (boxes[at], boxes[at + 1], boxes[at + 2], boxes[at + 3]) = ((float)o.Box.X1, (float)o.Box.Y1, (float)o.Box.X2, (float)o.Box.Y2);
            }
        }

        return new DetectBatch(tensor(pixels, [n, 3, size, size]), tensor(labels, [n, m]), tensor(boxes, [n, m, 4]), tensor(mask, [n, m]));
    }

    private (float[] Pixels, IReadOnlyList<PixelInstance>[] Objects) Sample(int[] order, int batch, int epoch, double mosaic)
    {
        var start = batch * _options.Batch;
        var n = Math.Min(_options.Batch, order.Length - start);
        var size = Train.Cache.Size;
        var per = InputNormalization.TensorLength(size, size);
        var pixels = new float[n * per];
        var objects = new IReadOnlyList<PixelInstance>[n];
        var random = new Random(StableSeed.Of(_options.Seed, epoch, batch));
        for (var k = 0; k < n; k++)
        {
            var index = order[start + k];
            var (image, instances) = mosaic > 0 && random.NextDouble() < mosaic
                ? Mosaic(index, random)
                : _augmenter.Augment(Train.Cache[index], Train.Instances[index], random);
            _normalization.Fill(pixels.AsSpan(k * per, per), image);
            objects[k] = instances;
        }

        return (pixels, objects);
    }

    private (DecodedImage Image, IReadOnlyList<PixelInstance> Instances) Mosaic(int index, Random random)
    {
        int[] picks = [index, random.Next(Train.Count), random.Next(Train.Count), random.Next(Train.Count)];
        return _augmenter.AugmentMosaic([.. picks.Select(i => Train.Cache[i])], [.. picks.Select(i => Train.Instances[i])], random);
    }
}
