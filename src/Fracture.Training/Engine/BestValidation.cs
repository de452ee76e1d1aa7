using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fracture.Training.Engine;

/// <summary>
/// Keeps best-val.json (and the best epoch's plots, written before it) in step with a resumed run. The trainer writes
/// them after both checkpoints; a run killed, or out of disk, in between keeps the previous best epoch's report, and
/// later epochs that are not better would never rewrite it. best-val.json names the epoch it scored (<c>epoch</c>).
/// </summary>
internal static class BestValidation
{
    /// <summary>
    /// The epoch best-val.json scored; null when the file is missing or unreadable (a write cut short). A file from
    /// before epochs were recorded (2026-12-03) counts as the best epoch's: nothing can tell otherwise.
    /// </summary>
    private static int? EpochOf(RunFolder run, int bestEpoch)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            if (!File.Exists(run.BestValidationFile))
            {
                return null;
            }

            var json = JsonNode.Parse(File.ReadAllText(run.BestValidationFile)) as JsonObject;
            if (json is null)
            {
                return null;
            }

            return json["epoch"] is JsonValue value && value.TryGetValue<int>(out var epoch) ? epoch : bestEpoch;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What a resume finds when the run has a best epoch and best-val.json does not hold its report, for the log;
    /// null when it does (or the run has no best epoch yet).
    /// </summary>
    public static string? FindStale(RunFolder run, int bestEpoch)
    {
        if (bestEpoch < 1)
        {
            return null;
        }

        return EpochOf(run, bestEpoch) switch
        {
            { } held when held == bestEpoch => null,
            { } held => $"best-val.json and the best epoch's plots were epoch {held}'s, not the run's best (epoch {bestEpoch}; the run stopped while writing them)",
            null => "best-val.json was missing or unreadable (the run stopped while writing the best epoch's plots)",
        };
    }
}
