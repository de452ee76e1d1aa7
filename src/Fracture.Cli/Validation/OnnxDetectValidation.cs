using Fracture.Core;
using Fracture.Core.Metrics;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Cli.Validation;

/// <summary>
/// `fracture val detect --model`: scores an exported detector on a dataset split through ONNX Runtime, decoded as
/// the checkpoint path decodes (the same confidence, IoU and cap, every class of an anchor a candidate) and scored by
/// its report code (<see cref="DetectReportBuilder"/>).
/// </summary>
/// <remarks>
/// The predictor gives boxes in pixels of each image's file, so the ground truth is put in that frame too; the
/// checkpoint path compares both in letterboxed pixels. The two frames differ by a scale per axis and a shift, which
/// leaves every IoU, and so every metric, as it is. What can differ: ONNX Runtime's float arithmetic, and a box that
/// reaches into the letterbox padding, which the predictor clips at the image's edge and the checkpoint path at the
/// canvas's (the ground truth lies inside the image, so clipping only raises such a box's IoU).
/// </remarks>
internal static class OnnxDetectValidation
{
    public static DetectReport Run(
        string model, string data, string? profile, string split, int batch, DetectEvaluationSettings settings, IProgress<WorkProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var run = OnnxValidationRun.Open(model, ModelTask.Detect, data, profile, DetectData.ClassNamesFor);
        var predicted = run.Predict(split, batch, ToPredictSettings(settings), progress);
        var truth = new ImageGroundTruth[predicted.Count];
        var boxes = new ScoredBox[predicted.Count][];
        for (var i = 0; i < predicted.Count; i++)
        {
            var (item, prediction) = predicted[i];
            var labels = run.Profile?.Apply(item.Labels.Instances) ?? item.Labels.Instances;
            truth[i] = new ImageGroundTruth(item.ImagePath, [.. labels.Select(l => new GroundTruthBox(l.ClassId, l.Box.ToPixels(prediction.Width, prediction.Height)))]);
            boxes[i] = [.. prediction.Findings.Select(f => new ScoredBox(f.Box, f.Score, f.ClassId))];
        }

        return DetectReportBuilder.Build(run.ClassNames, truth, boxes, settings) with
        {
            Source = ModelSource.Onnx(model),
            LeftOut = run.Skipped,
        };
    }

    /// <summary>The checkpoint path's decoding settings for the predictor; out-of-range values are bad input.</summary>
    internal static PredictSettings ToPredictSettings(DetectEvaluationSettings settings)
    {
        if (!(settings.Confidence is >= 0 and <= 1) || !(settings.Iou is >= 0 and <= 1) || settings.MaxDetections < 0)
        {
            throw new FractureException("--conf and --iou must be in 0..1 and --max-det at least 0");
        }

        return new PredictSettings(settings.Confidence, settings.Iou, settings.MaxDetections, MultiLabel: true, FlipFusion: settings.FlipFusion);
    }
}
