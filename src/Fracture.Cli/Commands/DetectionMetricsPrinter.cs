using System.Globalization;
using Fracture.Core.Metrics;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>Prints detection metrics: summary line, per-class table, confusion matrix.</summary>
internal static class DetectionMetricsPrinter
{
    public static void Print(DetectionMetrics metrics, IReadOnlyList<string> names)
    {
        AnsiConsole.MarkupLine(
            $"[bold]mAP50 {F(metrics.Map50)}  mAP50-95 {F(metrics.Map50To95)}[/]  P {F(metrics.Precision)}  R {F(metrics.Recall)}  F1 {F(metrics.F1)} at confidence {F(metrics.ConfidenceThreshold)}  ({metrics.ImagesEvaluated} images, {metrics.ClassesEvaluated} classes with ground truth)");
        if (metrics.UnknownImages > 0)
        {
            CommandRunner.WriteWarning($"{metrics.UnknownImagePredictions} predictions on {metrics.UnknownImages} images that are not in the split were ignored");
        }

        var table = new Table().AddColumns("class", "instances", "predictions", "AP50", "AP50-95", "P", "R", "F1");
        foreach (var c in metrics.PerClass)
        {
            table.AddRow(
                Markup.Escape(names[c.ClassId]),
                c.Instances.ToString(CultureInfo.InvariantCulture),
                c.Predictions.ToString(CultureInfo.InvariantCulture),
                F(c.Ap50), F(c.Ap50To95), F(c.Precision), F(c.Recall), F(c.F1));
        }

        AnsiConsole.Write(table);

        var labels = names.Append("background").ToList();
        var confusion = new Table().Title($"Confusion (rows: actual, columns: predicted; score >= {F(DetectionEvaluationOptions.Default.ConfusionConfidence)})").AddColumn(string.Empty);
        foreach (var label in labels)
        {
            confusion.AddColumn(Markup.Escape(label));
        }

        for (var r = 0; r < labels.Count; r++)
        {
            confusion.AddRow([Markup.Escape(labels[r]), .. Enumerable.Range(0, labels.Count).Select(c => metrics.Confusion.Counts[r, c].ToString(CultureInfo.InvariantCulture))]);
        }

        AnsiConsole.Write(confusion);
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
