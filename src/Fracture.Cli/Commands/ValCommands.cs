using System.CommandLine;
using System.Globalization;
using Fracture.Cli.Validation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>
/// `fracture val &lt;task&gt;`: score trained weights (a checkpoint, with TorchSharp) or an exported ONNX file (with ONNX
/// Runtime) on a dataset split; both print and write the same report.
/// </summary>
internal static class ValCommands
{
    public static Command Create()
    {
        var val = new Command("val", "Validate trained weights (--weights) or an exported ONNX file (--model) on a dataset split.");
        val.Subcommands.Add(CreateClassify());
        val.Subcommands.Add(CreateDetect());
        val.Subcommands.Add(CreateSegment());
        return val;
    }

    private delegate (DetectReport Boxes, SegmentReport? Segments, ModelSource? Source, IReadOnlyList<string> Skipped) BoxValidation(
        string? weights, string? model, string? data, string? profile, string split, int batch, DetectEvaluationSettings settings, IProgress<Fracture.Core.WorkProgress> progress);

    private static Command CreateDetect() => CreateBoxTask(
        "detect",
        "mAP50, mAP50-95, per-class AP, P/R at best F1, confusion matrix (Ultralytics' validation settings), and image-level \"fracture present\" figures.",
        "Write the metrics as JSON (the `eval detect` file, plus fracturePresent).",
        (weights, model, data, profile, split, batch, settings, progress) =>
        {
            var report = model is null
                ? DetectValidation.Run(weights!, data, profile, split, batch, settings, progress)
                : OnnxDetectValidation.Run(model, data!, profile, split, batch, settings, progress);
            return (report, null, report.Source, report.LeftOut);
        });

    private static Command CreateSegment() => CreateBoxTask(
        "segment",
        "Box and mask mAP50, mAP50-95, per-class AP, P/R at best F1 (mask IoU for masks; Ultralytics' validation settings), and image-level \"fracture present\" figures.",
        "Write the metrics as JSON (the `val detect` file for the boxes, plus a `mask` object with the same figures for the masks).",
        (weights, model, data, profile, split, batch, settings, progress) =>
        {
            var report = model is null
                ? SegmentValidation.Run(weights!, data, profile, split, batch, settings, progress)
                : OnnxSegmentValidation.Run(model, data!, profile, split, batch, settings, progress);
            return (report.Boxes, report, report.Source, report.LeftOut);
        });

    /// <summary>`val detect` and `val segment`: the same options and printout; segment adds the mask figures and JSON.</summary>
    private static Command CreateBoxTask(string task, string description, string jsonDescription, BoxValidation validate)
    {
        var defaults = DetectEvaluationSettings.Default;
        var set = new ValOptionSet(jsonDescription);
        var conf = new Option<double>("--conf") { Description = "Lowest box confidence kept.", DefaultValueFactory = _ => defaults.Confidence };
        var iou = new Option<double>("--iou") { Description = "NMS IoU threshold.", DefaultValueFactory = _ => defaults.Iou };
        var maxDet = new Option<int>("--max-det") { Description = "Most boxes per image.", DefaultValueFactory = _ => defaults.MaxDetections };
        var threshold = new Option<double?>("--threshold") { Description = "\"Fracture present\" threshold on the best box score; default: Youden's J on this split." };
        var flipFusion = new Option<bool>("--flip-fusion") { Description = "With --model: run each image's mirror image too and fuse the two views' boxes (weighted box fusion; each fused box's outline from its best member): test-time augmentation at twice the model's time." };
        var command = new Command(task, description)
        {
            conf, iou, maxDet, threshold, flipFusion,
        };
        set.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            RequireThreshold(parse.GetValue(threshold));
            var settings = new DetectEvaluationSettings
            {
                Confidence = parse.GetValue(conf),
                Iou = parse.GetValue(iou),
                MaxDetections = parse.GetValue(maxDet),
                Threshold = parse.GetValue(threshold),
                FlipFusion = parse.GetValue(flipFusion),
            };

            // Both runtimes take the same ranges, checked before any model runs (--weights used to fail in NMS, or
            // score 0 at --conf 2, after a whole split).
            OnnxDetectValidation.ToPredictSettings(settings);
            var model = set.OnnxModel(parse);
            if (settings.FlipFusion && model is null)
            {
                throw new Core.FractureException("--flip-fusion runs in the ONNX predictor: give the exported file with --model, not --weights");
            }

            var (data, profile, split, batch) = (parse.GetValue(set.Data)?.FullName, parse.GetValue(set.Profile)?.FullName, parse.GetValue(set.Split)!, set.BatchSize(parse));
            set.RefuseOverwritingInputs(parse, model);
            var (report, segments, source, skipped) = ProgressReporter.Run(
                "val", progress => validate(parse.GetValue(set.Weights), model, data, profile, split, batch, settings, progress));
            PrintSource(source, skipped);
            AnsiConsole.MarkupLine(segments is null ? "[bold]boxes[/]" : "[bold]boxes[/] (the masks follow)");
            DetectionMetricsPrinter.Print(report.Boxes, report.ClassNames);
            if (segments is not null)
            {
                AnsiConsole.MarkupLine("[bold]masks[/] (mask IoU)");
                DetectionMetricsPrinter.Print(segments.Masks, segments.ClassNames);
            }

            var b = report.FracturePresent;
            AnsiConsole.MarkupLine($"[bold]fracture present[/] (best box score): AUC {F(b.Auc)}  sensitivity {F(b.Sensitivity)}  specificity {F(b.Specificity)} at threshold {F(b.Threshold)} ({b.Positives} with, {b.Negatives} without)");
            if (parse.GetValue(set.Json) is { } file)
            {
                if (segments is null)
                {
                    DetectReportJson.Write(file.FullName, report with { Source = source });
                }
                else
                {
                    SegmentReportJson.Write(file.FullName, segments);
                }

                AnsiConsole.MarkupLine($"metrics written to [bold]{Markup.Escape(file.FullName)}[/]");
            }

            return Outcome(skipped);
        }));
        return command;
    }

    private static Command CreateClassify()
    {
        var set = new ValOptionSet("Write the metrics as JSON to this file.");
        var threshold = new Option<double?>("--threshold") { Description = "\"Fracture present\" threshold on 1 - p(no fracture); default: Youden's J on this split." };
        var flip = new Option<bool>("--flip-average") { Description = "Average each image's probabilities with its mirror image's (test-time augmentation; the shipped classifier's setting). With --model the file must have it built in (`export --flip-average`); it then applies without this flag." };
        var command = new Command("classify", "Accuracy, per-class table, macro and weighted F1, confusion matrix, and \"fracture present\" AUC, sensitivity and specificity.")
        {
            threshold, flip,
        };
        set.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            RequireThreshold(parse.GetValue(threshold));
            var model = set.OnnxModel(parse);
            var (data, profile, split, batch) = (parse.GetValue(set.Data)?.FullName, parse.GetValue(set.Profile)?.FullName, parse.GetValue(set.Split)!, set.BatchSize(parse));
            set.RefuseOverwritingInputs(parse, model);
            var report = ProgressReporter.Run("val", progress => model is null
                ? ClassifyValidation.Run(parse.GetValue(set.Weights)!, data, profile, split, batch, parse.GetValue(threshold), parse.GetValue(flip), progress)
                : OnnxClassifyValidation.Run(model, data!, profile, split, batch, parse.GetValue(threshold), parse.GetValue(flip), progress));
            PrintSource(report.Source, report.LeftOut);
            ClassifyReportPrinter.Print(report);
            if (parse.GetValue(set.Json) is { } file)
            {
                ClassifyReportJson.Write(file.FullName, report);
                AnsiConsole.MarkupLine($"metrics written to [bold]{Markup.Escape(file.FullName)}[/]");
            }

            return Outcome(report.LeftOut);
        }));
        return command;
    }

    /// <summary>Exit code 2 when images were left out (so a script or CI gate sees it), else 0.</summary>
    private static int Outcome(IReadOnlyList<string> skipped) => skipped.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;

    /// <summary>A NaN or out-of-range threshold would report a sensitivity of 0 instead of an error.</summary>
    internal static void RequireThreshold(double? threshold)
    {
        if (threshold is { } t && !(t >= 0 && t <= 1))
        {
            throw new Core.FractureException($"--threshold must be in 0..1 (got {t.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }
    }

    /// <summary>Which file was scored and by what, and the images left out because they could not be decoded.</summary>
    private static void PrintSource(ModelSource? source, IReadOnlyList<string> skipped)
    {
        if (source is not null)
        {
            AnsiConsole.MarkupLine($"model [bold]{Markup.Escape(source.Path)}[/] ({source.Runtime})");
        }

        foreach (var line in skipped)
        {
            CommandRunner.WriteWarning($"left out: {line}");
        }
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
