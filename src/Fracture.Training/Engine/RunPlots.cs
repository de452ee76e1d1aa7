using ScottPlot;

namespace Fracture.Training.Engine;

/// <summary>Curves of a run from its history: losses in one picture, metrics in another (PNG).</summary>
public static class RunPlots
{
    /// <summary>Plots are saved under this suffix and then renamed, so a reader never sees half a PNG.</summary>
    internal const string TempSuffix = ".tmp.png";

    public static void WriteCurves(string runFolder, IReadOnlyList<EpochRecord> history)
    {
        if (history.Count == 0)
        {
            return;
        }

        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        var keys = history.SelectMany(r => r.Values.Keys).Distinct(StringComparer.Ordinal).ToList();
        Write(Path.Combine(runFolder, "loss.png"), "Loss", epochs, history, keys.Where(IsLoss));
        Write(Path.Combine(runFolder, "metrics.png"), "Validation metrics", epochs, history, keys.Where(k => !IsLoss(k)));
    }

    private static bool IsLoss(string key) => key.Contains("loss", StringComparison.OrdinalIgnoreCase);

    private static void Write(string path, string title, double[] epochs, IReadOnlyList<EpochRecord> history, IEnumerable<string> keys)
    {
        PlotFonts.Ensure();
        var plot = new Plot();
        var any = false;
        foreach (var key in keys)
        {
            var values = history.Select(r => r.Values.TryGetValue(key, out var v) ? v : double.NaN).ToArray();
            var line = plot.Add.Scatter(epochs, values);
            line.LegendText = key;
            any = true;
        }

        if (!any)
        {
            return;
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.ShowLegend(Alignment.UpperRight);
        var temp = path + RunPlots.TempSuffix;
        plot.SavePng(temp, 900, 500);
        File.Move(temp, path, overwrite: true);
    }
}
