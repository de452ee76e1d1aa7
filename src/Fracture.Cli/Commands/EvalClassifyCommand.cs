using System.CommandLine;
using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Core.Evaluation;
using Fracture.Core.Metrics;
using Fracture.Training.Tasks.Classify;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>
/// `fracture eval classify`: scores a classifier's predictions file (`fracture predict --model CLASSIFIER.onnx
/// --json`) against a split with the report `val classify` prints, so a classifier run elsewhere, or on another
/// machine, is scored by the same code.
/// </summary>
internal static class EvalClassifyCommand
{
    public static Command Create()
    {
        var data = DatasetCommands.DataOption();
        var profile = DatasetCommands.ProfileOption();
        var split = EvalCommands.SplitOption();
        var predictions = new Option<FileInfo>("--predictions")
        {
            Description = "A classifier's answers: `fracture predict --model CLASSIFIER.onnx --json FILE` writes them ({\"image\", \"task\": \"classify\", \"class\", \"score\", \"fractureProbability\"} per image).",
            Required = true,
        };
        var threshold = new Option<double?>("--threshold") { Description = "\"Fracture present\" threshold on 1 - p(no fracture); default: Youden's J on this split." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the metrics as JSON to this file (the `val classify --json` format)." };
        var command = new Command("classify", "Score a classifier's predictions file: accuracy, per-class table, macro and weighted F1, confusion matrix, \"fracture present\" AUC, sensitivity and specificity.")
        {
            data, profile, split, predictions, threshold, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            ValCommands.RequireThreshold(parse.GetValue(threshold));
            EvalCommands.RefuseOverwritingInputs(parse.GetValue(json), parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!, ("--predictions", parse.GetValue(predictions)));
            var truth = ReadTruth(parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(split)!);
            var file = parse.GetValue(predictions)!;
            var joined = Join(truth, "--predictions", file, ClassifierAnswersJson.Read(file.FullName));
            var images = joined.Images;
            var report = ClassifyReportBuilder.FromAnswers(
                truth.Names, [.. images.Select(i => i.Actual)], [.. images.Select(i => i.Predicted)], [.. images.Select(i => i.FractureScore)],
                double.NaN, parse.GetValue(threshold), flipAverage: false);
            AnsiConsole.MarkupLine($"predictions [bold]{Markup.Escape(file.FullName)}[/]");
            ClassifyReportPrinter.Print(report);
            if (parse.GetValue(json) is { } output)
            {
                ClassifyReportJson.Write(output.FullName, report);
                AnsiConsole.MarkupLine($"metrics written to [bold]{Markup.Escape(output.FullName)}[/]");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The split's image-level classes and the classifier's class names ("no fracture" first), after the profile.</summary>
    internal static ClassificationTruth ReadTruth(FileInfo data, FileInfo? profile, string split)
    {
        var yaml = DataYamlReader.Read(data.FullName);
        var classProfile = DatasetProfile.LoadFor(yaml, profile?.FullName);
        var items = YoloDataset.ReadSplit(yaml, split);
        if (items.Excluded.Count > 0)
        {
            CommandRunner.WriteWarning(
                $"{items.Excluded.Count} images of split '{items.Name}' left out of scoring: a label row was rejected, so their class is unknown (`fracture dataset check` lists the rows)");
        }

        var truth = ClassificationTruthReader.Read(items, classProfile);
        if (truth.Count == 0)
        {
            throw new FractureException($"split '{items.Name}' has no images to score");
        }

        return new ClassificationTruth(items.Name, truth, ClassifyData.ClassNamesFor(yaml, classProfile));
    }

    /// <summary>
    /// Reads a classifier's answers and joins them to the split. Refuses what would be scored wrongly without a word:
    /// a file of box findings, class ids or names that are not the classifier's for this dataset, a file with no
    /// answer on the split (made on another split); warns about answers off the split and images without an answer.
    /// </summary>
    /// <param name="read">The file's content (<see cref="ClassifierAnswersJson.Read"/>), read once by the caller.</param>
    internal static AnswerJoin Join(ClassificationTruth truth, string option, FileInfo file, ClassifierAnswers read)
    {
        if (read.Answers.Count == 0)
        {
            throw new PredictionsFormatException(read.BoxRows > 0
                ? $"{option} {file.Name} holds a detector's or segmenter's findings ({read.BoxRows} rows with boxes), no classifier's answers; `fracture eval detect` scores those"
                : $"{option} {file.Name} holds no classifier's answers (`fracture predict --model CLASSIFIER.onnx --json FILE` writes them)");
        }

        var names = truth.Names;
        var renamed = read.ClassNames.Where(kv => kv.Key < names.Count && !string.Equals(kv.Value, names[kv.Key], StringComparison.Ordinal)).OrderBy(kv => kv.Key).ToList();
        if (renamed.Count > 0)
        {
            throw new PredictionsFormatException(
                $"class {renamed[0].Key} is '{renamed[0].Value}' in {file.Name} but '{names[renamed[0].Key]}' for this dataset's classifier ({renamed.Count} class ids differ): scoring would mix the classes up; a class profile (--profile, e.g. profiles/bone-fracture-v4.json) maps the dataset's classes to the model's");
        }

        if (read.Answers.FirstOrDefault(a => a.ClassId >= names.Count) is { } outOfRange)
        {
            throw new PredictionsFormatException($"the answer for {outOfRange.Image} is class {outOfRange.ClassId}, but this dataset's classifier has classes 0..{names.Count - 1} ({names[0]} first)");
        }

        var joined = AnswerJoin.Of(truth.Images, read.Answers);
        if (joined.Images.Count == 0)
        {
            throw new FractureException(
                $"{option} {file.FullName}: none of its {read.Answers.Count} answers is for an image of split '{truth.Split}'; were they made on another split?");
        }

        if (joined.OffSplit > 0)
        {
            CommandRunner.WriteWarning($"{option}: {joined.OffSplit} answers for images that are not in the split were ignored");
        }

        if (joined.Unanswered.Count > 0)
        {
            var failed = joined.Unanswered.Intersect(read.FailedImages, StringComparer.Ordinal).Count();
            CommandRunner.WriteWarning(
                $"{option}: {joined.Unanswered.Count} images of the split have no answer in {file.Name} ({failed} of them marked as failed by the run), e.g. {joined.Unanswered[0]}; they are left out");
        }

        return joined;
    }
}
