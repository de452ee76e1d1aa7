using Fracture.Core.Augmentation;
using Fracture.Core;
using Fracture.Training.Engine;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Networks.Segmentation;
using Fracture.Training.Tasks.Detect;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// Fracture instance segmentation, YOLOv8-seg-style, on top of the detection task: the same cached data, sampling,
/// mosaic and augmentation (polygons move with the image), with each object's mask rasterised on the prototype grid
/// for <see cref="SegmentationLoss"/>; validated on boxes and masks (fitness: the sum of both detectors' fitness, as
/// Ultralytics' segmentation does), with outline overlays of sample images in the run folder.
/// </summary>
public sealed class SegmentTask : ITrainingTask<SegmentBatch>
{
    private readonly TrainOptions _options;
    private readonly DetectTask _detect;
    private readonly SegmentationLoss _loss;

    public SegmentTask(TrainOptions options, IProgress<WorkProgress>? progress = null)
    {
        _options = options;
        _detect = new DetectTask(options, progress);
        _loss = new SegmentationLoss(Detector.LossOptions(new DetectorOptions { Classes = ClassNames.Count }), options.MaskLossMargin);
    }

    public DetectData Val => _detect.Val;

    public IReadOnlyList<string> ClassNames => _detect.ClassNames;

    public string LabelMapping => _detect.LabelMapping;

    public int BatchesPerEpoch => _detect.BatchesPerEpoch;

    public int TrainImages => _detect.TrainImages;

    public int TrainImagesWithObjects => _detect.TrainImagesWithObjects;

    public int ValImagesThatScore => _detect.ValImagesThatScore;

    public IEnumerable<string> Skipped => _detect.Skipped;

    public nn.Module<Tensor, Tensor> CreateModel(bool initialWeights) =>
        SegmenterNetworks.Create(_options.Model, ClassNames.Count, initialWeights);

    public IEnumerable<SegmentBatch> TrainBatches(int epoch, CancellationToken cancellation)
    {
        var size = _detect.Train.Cache.Size;
        return _detect.Batches(epoch, (pixels, objects) => new SegmentBatch(DetectTask.BoxBatch(pixels, objects, size), MaskTargets(objects, size)), cancellation);
    }

    public Tensor Inputs(SegmentBatch batch) => batch.Boxes.Images;

    public Tensor Loss(nn.Module<Tensor, Tensor> model, SegmentBatch batch, IDictionary<string, double> parts)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var segmenter = (Segmenter)model;
        var images = batch.Boxes.Images;
        var (rawOutput, coefficientOutput, prototypeOutput) = segmenter.Heads(images);
        using (rawOutput)
        using (coefficientOutput)
        using (prototypeOutput)
        {
            // Float32 whatever the network computes in (bfloat16 training, TrainingPrecision).
            using var raw = rawOutput.to(ScalarType.Float32);
            using var coefficients = coefficientOutput.to(ScalarType.Float32);
            using var prototypes = prototypeOutput.to(ScalarType.Float32);
            var size = (int)images.shape[2];
            var result = _loss.Compute(raw, coefficients, prototypes, size, size, batch);
            DetectTask.AddPart(parts, "loss", result.Total.item<float>());
            DetectTask.AddPart(parts, "box_loss", result.Box);
            DetectTask.AddPart(parts, "seg_loss", result.Mask);
            DetectTask.AddPart(parts, "cls_loss", result.Class);
            DetectTask.AddPart(parts, "dfl_loss", result.Dfl);
            return result.Total;
        }
    }

    public ValidationResult Validate(nn.Module<Tensor, Tensor> model)
    {
        var report = SegmentEvaluator.Evaluate((Segmenter)model, Val, SegmenterNetworks.NormalizationOf(_options.Model), _options.Batch, DetectEvaluationSettings.Default);
        return new ValidationResult(report.ToMetrics(), report.Fitness, report);
    }

    public void WritePlots(string runFolder, ValidationResult result, ModelSource source)
    {
        if (result.Report is SegmentReport report)
        {
            ConfusionPlot.Write(Path.Combine(runFolder, "confusion.png"), [.. report.ClassNames, "background"], report.Boxes.Boxes.Confusion.Counts);
            PrecisionRecallPlot.Write(Path.Combine(runFolder, "pr-curve.png"), report.Boxes.Boxes);
            PrecisionRecallPlot.Write(Path.Combine(runFolder, "mask-pr-curve.png"), report.Masks);
            SegmentOverlayPlot.WriteSamples(Path.Combine(runFolder, "overlays"), Val, report.Samples);

            // Last: a resume takes a best-val.json of the best epoch to mean all of these were written.
            SegmentReportJson.Write(Path.Combine(runFolder, RunFolder.BestValidationName), report with { Source = source });
        }
    }

    public void Dispose() => _detect.Dispose();

    /// <summary>Each object's mask on the prototype grid, [n, M, S/4, S/4], padded as the box rows are.</summary>
    internal static Tensor MaskTargets(IReadOnlyList<PixelInstance>[] objects, int size)
    {
        var grid = size / PrototypeMasks.Stride;
        var m = objects.Max(o => o.Count);
        var cells = grid * grid;
        var values = new float[objects.Length * m * cells];
        for (var k = 0; k < objects.Length; k++)
        {
            for (var j = 0; j < objects[k].Count; j++)
            {
                var pixels = InstanceMasks.Rasterize(objects[k][j], grid, grid, 1.0 / PrototypeMasks.Stride).ToPixels();
                var at = ((k * m) + j) * cells;
                for (var i = 0; i < cells; i++)
                {
                    values[at + i] = pixels[i] ? 1f : 0f;
                }
            }
        }

        return tensor(values, [objects.Length, m, grid, grid]);
    }
}
