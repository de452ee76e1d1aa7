using System.Globalization;
using Fracture.Core.Metrics;
using Fracture.Training.Engine;
using ScottPlot;

namespace Fracture.Training;

/// <summary>Per-class precision-recall curves at IoU 0.5 as a PNG, each labelled with its AP50, plus the mean.</summary>
public static class PrecisionRecallPlot
{
    public static void Write(string path, DetectionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        PlotFonts.Ensure();
        var plot = new Plot();
        foreach (var c in metrics.PerClass.Where(c => c.Curve50 is not null))
        {
            var line = plot.Add.ScatterLine(c.Curve50!.Recall, c.Curve50.Precision);
            line.LegendText = $"{c.Name ?? c.ClassId.ToString(CultureInfo.InvariantCulture)} {F(c.Ap50)}";
            line.LineWidth = 1.5f;
        }

        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.XLabel("recall");
        plot.YLabel("precision");
        plot.Title($"Precision-recall at IoU 0.5 (validation): mAP50 {F(metrics.Map50)}");
        plot.ShowLegend(Alignment.UpperRight);
        var temp = path + RunPlots.TempSuffix;
        plot.SavePng(temp, 900, 700);
        File.Move(temp, path, overwrite: true);
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
