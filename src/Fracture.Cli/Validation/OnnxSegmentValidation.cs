using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;
using Fracture.Core.Metrics;
using Fracture.Core.Models;
using Fracture.Core;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;

namespace Fracture.Cli.Validation;

/// <summary>
/// `fracture val segment --model`: scores an exported segmenter (ours or Ultralytics') on a dataset split through ONNX
/// Runtime: boxes as <see cref="OnnxDetectValidation"/> does, masks by the IoU of each predicted outline (the
/// predictor's polygon, in the file's pixels) with each labelled polygon, both rasterised by pixel centres.
/// </summary>
/// <remarks>
/// The outline is the predictor's simplified trace of its mask's largest component, so this scores what a user gets;
/// the checkpoint path scores the raw mask in letterboxed pixels. Only outlines whose box overlaps a labelled box are
/// rasterised (the others have IoU 0 with every label).
/// </remarks>
internal static class OnnxSegmentValidation
{
    public static SegmentReport Run(
        string model, string data, string? profile, string split, int batch, DetectEvaluationSettings settings, IProgress<WorkProgress>? progress, out IReadOnlyList<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var run = OnnxValidationRun.Open(model, ModelTask.Segment, data, profile, DetectData.ClassNamesFor);
        var predicted = run.Predict(split, batch, OnnxDetectValidation.ToPredictSettings(settings), progress);
        skipped = run.Skipped;
        var truth = new ImageGroundTruth[predicted.Count];
        var boxes = new ScoredBox[predicted.Count][];
        var masks = new ImageIoUMatrix[predicted.Count];
        Parallel.For(0, predicted.Count, i =>
        {
            var (item, prediction) = predicted[i];
            var labels = run.Profile?.Apply(item.Labels.Instances) ?? item.Labels.Instances;
            var objects = labels.Select(l => PixelInstance.FromLabel(l, prediction.Width, prediction.Height)).ToArray();
            truth[i] = new ImageGroundTruth(item.ImagePath, [.. objects.Select(o => new GroundTruthBox(o.ClassId, o.Box))]);
            boxes[i] = [.. prediction.Findings.Select(f => new ScoredBox(f.Box, f.Score, f.ClassId))];
            var outlines = objects.Select(InstanceMasks.Outline).ToArray();
            var iou = new double[prediction.Findings.Count, objects.Length];
            for (var p = 0; p < prediction.Findings.Count; p++)
            {
                var finding = prediction.Findings[p];
                for (var g = 0; g < objects.Length; g++)
                {
                    iou[p, g] = finding.Polygon is { Count: >= 3 } polygon && finding.Box.Overlaps(objects[g].Box) ? PolygonIoU.Compute(polygon, outlines[g]) : 0;
                }
            }

            masks[i] = new ImageIoUMatrix(
                item.ImagePath, [.. objects.Select(o => o.ClassId)], [.. prediction.Findings.Select(f => f.ClassId)], [.. prediction.Findings.Select(f => f.Score)], iou);
        });

        var boxReport = DetectReportBuilder.Build(run.ClassNames, truth, boxes, settings);
        var maskMetrics = DetectionEvaluator.Evaluate(masks, new DetectionEvaluationOptions { MaxDetections = settings.MaxDetections, ClassNames = run.ClassNames });
        return new SegmentReport(boxReport, maskMetrics, []) { Source = ModelSource.Onnx(model) };
    }
}
