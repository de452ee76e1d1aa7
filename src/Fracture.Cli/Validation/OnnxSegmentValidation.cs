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
/// predictor's polygon, in the file's pixels) with each labelled polygon, both rasterised by pixel centres
/// (<see cref="ImageIoUMatrix.FromMasks"/>, which `eval segment` scores a predictions file with).
/// </summary>
/// <remarks>
/// The outline is the predictor's simplified trace of its mask's largest component, so this scores what a user gets;
/// the checkpoint path scores the raw mask in letterboxed pixels.
/// </remarks>
internal static class OnnxSegmentValidation
{
    public static SegmentReport Run(
        string model, string data, string? profile, string split, int batch, DetectEvaluationSettings settings, IProgress<WorkProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var run = OnnxValidationRun.Open(model, ModelTask.Segment, data, profile, DetectData.ClassNamesFor);
        var predicted = run.Predict(split, batch, OnnxDetectValidation.ToPredictSettings(settings), progress);
        var truth = new ImageGroundTruth[predicted.Count];
        var boxes = new ScoredBox[predicted.Count][];
        var masks = new ImageIoUMatrix[predicted.Count];
        Parallel.For(0, predicted.Count, i =>
        {
            var (item, prediction) = predicted[i];
            var labels = run.Profile?.Apply(item.Labels.Instances) ?? item.Labels.Instances;
            truth[i] = new ImageGroundTruth(item.ImagePath, [.. labels.Select(l => GroundTruthBox.FromLabel(l, prediction.Width, prediction.Height))]);
            boxes[i] = [.. prediction.Findings.Select(f => new ScoredBox(f.Box, f.Score, f.ClassId))];
            masks[i] = ImageIoUMatrix.FromMasks(truth[i], [.. prediction.Findings.Select(f => new DetectionPrediction(item.ImagePath, f.ClassId, f.Score, f.Box, f.Polygon))]);
        });

        var boxReport = DetectReportBuilder.Build(run.ClassNames, truth, boxes, settings);
        var maskMetrics = DetectionEvaluator.Evaluate(masks, new DetectionEvaluationOptions { MaxDetections = settings.MaxDetections, ClassNames = run.ClassNames });
        return new SegmentReport(boxReport, maskMetrics, []) { Source = ModelSource.Onnx(model), LeftOut = run.Skipped };
    }
}
