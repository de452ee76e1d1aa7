using System.CommandLine;
using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Core.Evaluation;
using Fracture.Core.IO;
using Fracture.Core.Metrics;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture eval ...`: score prediction files against a dataset split.</summary>
internal static class EvalCommands
{
    private const string PredictionsFormat =
        "JSON list of {\"image\": file name, \"class\": id, \"score\": 0..1, \"box\": [x1, y1, x2, y2]} in original-image pixels";

    public static Command Create()
    {
        var eval = new Command("eval", "Score predictions against a dataset split.");
        eval.Subcommands.Add(CreateDetect());
        eval.Subcommands.Add(EvalSegmentCommand.Create());
        eval.Subcommands.Add(EvalClassifyCommand.Create());
        eval.Subcommands.Add(EvalCompareCommand.Create());
        return eval;
    }

    internal static Option<string> SplitOption() =>
        new("--split") { Description = "Split to score against: train, val (valid) or test.", DefaultValueFactory = _ => "val" };

    internal static Option<FileInfo> PredictionsOption(string name, string what) =>
        new(name) { Description = $"{what}: {PredictionsFormat} (`fracture predict --json` writes it).", Required = true };

    /// <summary>
    /// The split's ground truth and class names, after the profile, and the predictions files, read with those names.
    /// Images a predictions file marks as not predicted (an "error" row: `predict` could not read them, as a truncated
    /// or corrupt file) are left out, with a warning, before their labels are read: scored, their labels counted as
    /// missed by a model that never saw them (and a corrupt one stopped the scoring), where `val --model` leaves such an
    /// image out. With two files (compare), an image either could not predict is left out of both, predictions and all:
    /// the other file's predictions on it are not on an image outside the split, as its warning would have said.
    /// </summary>
    internal static (IReadOnlyList<ImageGroundTruth> Truth, IReadOnlyList<string> Names, IReadOnlyList<IReadOnlyList<DetectionPrediction>> Predictions) ReadTruth(
        FileInfo data, FileInfo? profile, string split, OverlapMeasure measure, params FileInfo[] predictionFiles)
    {
        var yaml = DataYamlReader.Read(data.FullName);
        var classProfile = DatasetProfile.LoadFor(yaml, profile?.FullName);
        var names = classProfile?.Classes ?? yaml.Names;
        var items = YoloDataset.ReadSplit(yaml, split);
        if (items.Excluded.Count > 0)
        {
            CommandRunner.WriteWarning(
                $"{items.Excluded.Count} images of split '{items.Name}' left out of scoring: a label row was rejected, so their objects are unknown (`fracture dataset check` lists the rows); predictions on them count as on images not in the split");
        }

        var rows = predictionFiles.Select(f => ReadPredictions(f, names, measure)).ToList();
        IReadOnlyList<IReadOnlyList<DetectionPrediction>> predictions = [.. rows.Select(r => r.Predictions)];
        var unpredicted = items.Items.Select(i => i.FileName).Where(n => rows.Any(r => r.Unpredicted.ContainsKey(n))).Order(StringComparer.Ordinal).ToList();
        if (unpredicted.Count > 0)
        {
            var index = rows.FindIndex(r => r.Unpredicted.ContainsKey(unpredicted[0]));
            CommandRunner.WriteWarning(
                $"{unpredicted.Count} images left out of scoring: {predictionFiles[index].Name} says they could not be predicted ({unpredicted[0]}: {rows[index].Unpredicted[unpredicted[0]]}{(unpredicted.Count > 1 ? "; ..." : string.Empty)})");
            var left = unpredicted.ToHashSet(StringComparer.Ordinal);
            items = items with { Items = [.. items.Items.Where(i => !left.Contains(i.FileName))] };
            predictions = [.. predictions.Select(file => (IReadOnlyList<DetectionPrediction>)[.. file.Where(p => !left.Contains(p.Image))])];
        }

        return (GroundTruthReader.Read(items, classProfile), names, predictions);
    }

    /// <summary>
    /// Reads a predictions file and refuses class ids the dataset does not have, ids whose names (`predict --json`
    /// writes them) are not the dataset's, and a file of a classifier's answers alone; for mask scoring, also a file
    /// without a single outline (a detector's). Each would be scored, wrongly or as 0, without a word.
    /// </summary>
    internal static PredictionRows ReadPredictions(FileInfo file, IReadOnlyList<string> names, OverlapMeasure measure = OverlapMeasure.Box)
    {
        var rows = DetectionPredictionsJson.ReadRows(file.FullName);
        var predicted = rows.Predictions;
        if (predicted.Count == 0 && rows.ClassificationRows > 0)
        {
            throw new PredictionsFormatException(
                $"{file.Name} holds a classifier's answers only ({rows.ClassificationRows} rows, no boxes); eval scores a detector's or segmenter's boxes (`fracture predict --model DETECTOR.onnx --json FILE` writes them)");
        }

        var renamed = rows.ClassNames.Where(kv => kv.Key < names.Count && !string.Equals(kv.Value, names[kv.Key], StringComparison.Ordinal)).OrderBy(kv => kv.Key).ToList();
        if (renamed.Count > 0)
        {
            var (id, name) = (renamed[0].Key, renamed[0].Value);
            throw new PredictionsFormatException(
                $"class {id} is '{name}' in {file.Name} but '{names[id]}' in the dataset ({renamed.Count} class ids differ): scoring would mix the classes up; a class profile (--profile, e.g. profiles/bone-fracture-v4.json) maps the dataset's classes to the model's");
        }

        if (measure == OverlapMeasure.Mask && predicted.Count > 0 && predicted.All(p => p.Polygon is null))
        {
            throw new PredictionsFormatException(
                $"{file.Name} has no \"polygon\" in any of its {predicted.Count} predictions; masks are scored from a segmenter's outlines (`fracture predict --model SEGMENTER.onnx --json FILE` writes them)");
        }

        var outOfRange = predicted.FirstOrDefault(x => x.ClassId < 0 || x.ClassId >= names.Count);
        if (outOfRange is not null)
        {
            throw new PredictionsFormatException($"a prediction for {outOfRange.Image} has class {outOfRange.ClassId}, but the dataset has classes 0..{names.Count - 1}");
        }

        return rows;
    }

    /// <summary>
    /// Refuses a --json output that names one of the input files, the data.yaml, the profile or a file of the split:
    /// the metrics would replace it.
    /// </summary>
    internal static void RefuseOverwritingInputs(FileInfo? json, FileInfo data, FileInfo? profile, string split, params (string Option, FileInfo? File)[] inputs)
    {
        if (json is null)
        {
            return;
        }

        var files = new InputFiles();
        foreach (var (option, file) in inputs.Append(("--data", data)).Append(("--profile", profile)))
        {
            files.AddOption(option, file?.FullName);
        }

        // The named files first: they need no dataset read, which may fail for its own reason.
        files.RefuseOutput("--json", json.FullName, "the metrics");
        files.AddSplit(DataYamlReader.Read(data.FullName), split).RefuseOutput("--json", json.FullName, "the metrics");
    }

    private static Command CreateDetect()
    {
        var data = DatasetCommands.DataOption();
        var profile = DatasetCommands.ProfileOption();
        var split = SplitOption();
        var predictions = PredictionsOption("--predictions", "Predictions");
        var json = new Option<FileInfo?>("--json") { Description = "Write the metrics as JSON to this file." };
        var command = new Command("detect", "COCO-style box mAP50 and mAP50-95, per-class AP, precision/recall at the best-F1 confidence, confusion matrix.")
        {
            data, profile, split, predictions, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            RefuseOverwritingInputs(parse.GetValue(json), parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, ("--predictions", parse.GetValue(predictions)));
            var (groundTruth, names, read) = ReadTruth(parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, OverlapMeasure.Box, parse.GetValue(predictions)!);
            var predicted = read[0];
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
