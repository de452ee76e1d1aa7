using System.CommandLine;
using Fracture.Core.Datasets;
using Fracture.Core.Evaluation;
using Fracture.Core.Metrics;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture eval ...`: score prediction files against a dataset split.</summary>
internal static class EvalCommands
{
    public static Command Create()
    {
        var eval = new Command("eval", "Score predictions against a dataset split.");
        eval.Subcommands.Add(CreateDetect());
        return eval;
    }

    private static Command CreateDetect()
    {
        var data = DatasetCommands.DataOption();
        var profile = DatasetCommands.ProfileOption();
        var split = new Option<string>("--split") { Description = "Split to score against: train, val (valid) or test.", DefaultValueFactory = _ => "val" };
        var predictions = new Option<FileInfo>("--predictions")
        {
            Description = "JSON list of {\"image\": file name, \"class\": id, \"score\": 0..1, \"box\": [x1, y1, x2, y2]} in original-image pixels.",
            Required = true,
        };
        var json = new Option<FileInfo?>("--json") { Description = "Write the metrics as JSON to this file." };
        var command = new Command("detect", "COCO-style box mAP50 and mAP50-95, per-class AP, precision/recall at the best-F1 confidence, confusion matrix.")
        {
            data, profile, split, predictions, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var yaml = DataYamlReader.Read(parse.GetValue(data)!.FullName);
            var classProfile = DatasetProfile.LoadFor(yaml, parse.GetValue(profile)?.FullName);
            var names = classProfile?.Classes ?? yaml.Names;
            var groundTruth = GroundTruthReader.Read(YoloDataset.ReadSplit(yaml, parse.GetValue(split)!), classProfile);
            var predicted = DetectionPredictionsJson.Read(parse.GetValue(predictions)!.FullName);
            var outOfRange = predicted.FirstOrDefault(x => x.ClassId < 0 || x.ClassId >= names.Count);
            if (outOfRange is not null)
            {
                throw new PredictionsFormatException($"a prediction for {outOfRange.Image} has class {outOfRange.ClassId}, but the dataset has classes 0..{names.Count - 1}");
            }

            var metrics = DetectionEvaluator.Evaluate(groundTruth, predicted, new DetectionEvaluationOptions { ClassNames = names });
            DetectionMetricsPrinter.Print(metrics, names);
            if (parse.GetValue(json) is { } jsonFile)
            {
                DetectionMetricsJson.Write(jsonFile.FullName, metrics, names);
                AnsiConsole.MarkupLine($"metrics written to [bold]{Markup.Escape(jsonFile.FullName)}[/]");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
