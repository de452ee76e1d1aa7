using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fracture.Core.IO;
using Fracture.Core.Metrics;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>
/// `fracture eval segment`: a segmenter's predictions file scored twice, by box IoU and by the mask IoU of its outlines
/// with the labelled polygons (both rasterised by pixel centres in the image's pixels, as `val segment --model` does).
/// </summary>
internal static class EvalSegmentCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var data = DatasetCommands.DataOption();
        var profile = DatasetCommands.ProfileOption();
        var split = EvalCommands.SplitOption();
        var predictions = EvalCommands.PredictionsOption("--predictions", "A segmenter's predictions, each with its \"polygon\": [[x, y], ...]");
        var json = new Option<FileInfo?>("--json") { Description = "Write the metrics as JSON: the `eval detect` file for the boxes plus a `mask` object with the same figures for the masks." };
        var command = new Command(
            "segment",
            "Box and mask mAP50, mAP50-95, per-class AP, P/R at best F1 of a segmenter's predictions (mask IoU of each outline with each labelled polygon).")
        {
            data, profile, split, predictions, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            EvalCommands.RefuseOverwritingInputs(parse.GetValue(json), parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, ("--predictions", parse.GetValue(predictions)));
            var (truth, names, read) = EvalCommands.ReadTruth(parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, OverlapMeasure.Mask, parse.GetValue(predictions)!);
            var predicted = read[0];
            var options = new DetectionEvaluationOptions { ClassNames = names };
            var boxes = DetectionEvaluator.Evaluate(truth, predicted, options);
            var masks = ProgressReporter.Run("masks", _ => DetectionEvaluator.Evaluate(truth, predicted, options, OverlapMeasure.Mask));
            AnsiConsole.MarkupLine("[bold]boxes[/] (the masks follow)");
            DetectionMetricsPrinter.Print(boxes, names);
            AnsiConsole.MarkupLine("[bold]masks[/] (mask IoU)");
            DetectionMetricsPrinter.Print(masks, names);
            if (parse.GetValue(json) is { } jsonFile)
            {
                var report = JsonNode.Parse(DetectionMetricsJson.Serialize(boxes, names))!.AsObject();
                report["mask"] = JsonNode.Parse(DetectionMetricsJson.Serialize(masks, names));
                AtomicFile.WriteAllText(jsonFile.FullName, report.ToJsonString(Indented));
                AnsiConsole.MarkupLine($"metrics written to [bold]{Markup.Escape(jsonFile.FullName)}[/]");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
