using System.Globalization;
using Fracture.Training.Tasks.Classify;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>A classifier's report on the console, as `val classify` and `eval classify` print it.</summary>
internal static class ClassifyReportPrinter
{
    public static void Print(ClassifyReport report)
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
