using System.Globalization;
using Fracture.Training.Engine;
using ScottPlot;

namespace Fracture.Training;

/// <summary>A confusion matrix as a PNG heat map with counts, rows actual and columns predicted.</summary>
public static class ConfusionPlot
{
    public static void Write(string path, IReadOnlyList<string> labels, int[,] counts)
    {
        var n = labels.Count;
        var normalised = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            var total = Enumerable.Range(0, n).Sum(c => counts[r, c]);
            for (var c = 0; c < n; c++)
            {
                // Row-normalised colours (recall per class); the numbers stay raw counts.
                normalised[r, c] = total == 0 ? 0 : (double)counts[r, c] / total;
            }
        }

        PlotFonts.Ensure();
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(normalised);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var text = plot.Add.Text(counts[r, c].ToString(CultureInfo.InvariantCulture), c, n - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = normalised[r, c] > 0.5 ? Colors.Black : Colors.White;
                text.LabelFontSize = 16;
            }
        }

        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. labels]);
        plot.Axes.Left.SetTicks(ticks, [.. labels.Reverse()]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Axes.Left.MinimumSize = 150;
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title("Confusion matrix (validation)");
        var temp = path + RunPlots.TempSuffix;
        plot.SavePng(temp, 900, 800);
        File.Move(temp, path, overwrite: true);
    }
}
