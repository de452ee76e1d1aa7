using System.CommandLine;
using System.Globalization;
using Fracture.Training.Tasks.Classify;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture val &lt;task&gt;`: score trained weights on a dataset split.</summary>
internal static class ValCommands
{
    public static Command Create()
    {
        var val = new Command("val", "Validate trained weights on a dataset split.");
        val.Subcommands.Add(CreateClassify());
        return val;
    }

    private static Command CreateClassify()
    {
        var weights = new Option<string>("--weights") { Description = "Checkpoint (RUN/weights/best.ckpt) or run folder.", Required = true };
        var data = DatasetCommands.DataOption();
        data.Required = false;
        data.Description = "data.yaml to score on (default: the one the run trained on).";
        var profile = DatasetCommands.ProfileOption();
        profile.Description = "Class profile (default: the run's).";
        var split = new Option<string>("--split") { Description = "train, val (valid) or test.", DefaultValueFactory = _ => "val" };
        var json = new Option<FileInfo?>("--json") { Description = "Write the metrics as JSON to this file." };
        var batch = new Option<int>("--batch") { Description = "Images per batch.", DefaultValueFactory = _ => 16 };
        var threshold = new Option<double?>("--threshold") { Description = "\"Fracture present\" threshold on 1 - p(no fracture); default: Youden's J on this split." };
        var flip = new Option<bool>("--flip-average") { Description = "Average each image's probabilities with its mirror image's (test-time augmentation; the shipped classifier's setting)." };
        var command = new Command("classify", "Accuracy, per-class table, macro and weighted F1, confusion matrix, and \"fracture present\" AUC, sensitivity and specificity.")
        {
            weights, data, profile, split, json, batch, threshold, flip,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var report = ProgressReporter.Run("val", progress => ClassifyValidation.Run(
                parse.GetValue(weights)!, parse.GetValue(data)?.FullName, parse.GetValue(profile)?.FullName, parse.GetValue(split)!, parse.GetValue(batch), parse.GetValue(threshold), parse.GetValue(flip), progress));
            Print(report);
            if (parse.GetValue(json) is { } file)
            {
                ClassifyReportJson.Write(file.FullName, report);
                AnsiConsole.MarkupLine($"metrics written to [bold]{Markup.Escape(file.FullName)}[/]");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(ClassifyReport report)
    {
        var m = report.Classification;
        var b = report.FracturePresent;
        AnsiConsole.MarkupLine($"[bold]accuracy {F(m.Accuracy)}  macro F1 {F(m.MacroF1)}  weighted F1 {F(m.WeightedF1)}[/]  ({report.Images} images, loss {F(report.Loss)}{(report.FlipAverage ? ", mirror-averaged" : string.Empty)})");
        AnsiConsole.MarkupLine($"[bold]fracture present[/]: AUC {F(b.Auc)}  sensitivity {F(b.Sensitivity)}  specificity {F(b.Specificity)} at threshold {F(b.Threshold)} ({b.Positives} with, {b.Negatives} without)");
        var table = new Table().AddColumns("class", "precision", "recall", "F1", "support");
        foreach (var c in m.PerClass)
        {
            table.AddRow(Markup.Escape(report.ClassNames[c.ClassId]), F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var confusion = new Table().Title("Confusion (rows: actual, columns: predicted)").AddColumn(string.Empty);
        foreach (var name in report.ClassNames)
        {
            confusion.AddColumn(Markup.Escape(name));
        }

        for (var r = 0; r < report.ClassNames.Count; r++)
        {
            confusion.AddRow([Markup.Escape(report.ClassNames[r]), .. Enumerable.Range(0, report.ClassNames.Count).Select(c => m.Confusion[r, c].ToString(CultureInfo.InvariantCulture))]);
        }

        AnsiConsole.Write(confusion);
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
