using System.Globalization;
using System.Text;
using Fracture.Core.IO;

namespace Fracture.Training.Engine;

/// <summary>results.csv: one row per epoch, rewritten whole (atomically) each epoch so a kill never leaves half a row.</summary>
public static class ResultsCsv
{
    public static void Write(string path, IReadOnlyList<EpochRecord> history) => AtomicFile.WriteAllText(path, Text(history));

    /// <summary>
    /// Rewrites results.csv and the curves from <paramref name="history"/> when results.csv does not hold it: a run
    /// killed (or out of disk) after its checkpoints but before these files keeps their previous epoch otherwise, for
    /// good when that was its last epoch. Returns what was done, for the log; null when they were up to date.
    /// </summary>
    public static string? Restore(RunFolder run, IReadOnlyList<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        var text = Text(history);
        if (File.Exists(run.ResultsFile) && File.ReadAllText(run.ResultsFile) == text)
        {
            return null;
        }

        AtomicFile.WriteAllText(run.ResultsFile, text);
        RunPlots.WriteCurves(run.Path, history);
        return $"results.csv and the curves did not hold the checkpoint's {history.Count} epochs (the run stopped while writing them): rewritten from last.ckpt";
    }

    private static string Text(IReadOnlyList<EpochRecord> history)
    {
        var columns = history.SelectMany(r => r.Values.Keys).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("epoch,").Append(string.Join(',', columns)).Append(",lr,seconds\n");
        foreach (var record in history)
        {
            text.Append(record.Epoch.ToString(CultureInfo.InvariantCulture));
            foreach (var column in columns)
            {
                text.Append(',');
                if (record.Values.TryGetValue(column, out var value))
                {
                    text.Append(value.ToString("G6", CultureInfo.InvariantCulture));
                }
            }

            text.Append(CultureInfo.InvariantCulture, $",{record.LearningRate:G6},{record.Seconds:F1}\n");
        }

        return text.ToString();
    }
}
