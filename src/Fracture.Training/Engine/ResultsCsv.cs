using System.Globalization;
using System.Text;
using Fracture.Core.IO;

namespace Fracture.Training.Engine;

/// <summary>results.csv: one row per epoch, rewritten whole (atomically) each epoch so a kill never leaves half a row.</summary>
public static class ResultsCsv
{
    public static void Write(string path, IReadOnlyList<EpochRecord> history)
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

        AtomicFile.WriteAllText(path, text.ToString());
    }
}
