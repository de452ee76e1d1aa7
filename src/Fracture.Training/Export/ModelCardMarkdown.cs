using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fracture.Core.Models;

namespace Fracture.Training.Export;

/// <summary>A model card's markdown: the same facts as <see cref="ModelCardJson"/>, for people.</summary>
public static class ModelCardMarkdown
{
    public static string Build(ModelCardSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (export, header) = (source.Export, source.Header);
        var (metadata, options) = (export.Metadata, header.Options);
        var task = ModelMetadata.TaskName(metadata.Task);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Model card: {Path.GetFileNameWithoutExtension(export.Path)} ({metadata.Description}, {metadata.InputHeight} px)")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Task: {task}. Classes: {string.Join(", ", metadata.Names)}.")
            .AppendLine()
            .AppendLine("## Training")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- Data: `{options.Data}`{(options.Profile is { } p ? $", profile `{p}`" : ", no class profile")}{Images(header)}.")
            .AppendLine(CultureInfo.InvariantCulture, $"- Started from: {(options.InitialWeights is { } init ? $"`{init}`" : $"the network's own initial weights (`{options.Model}`)")}.")
            .AppendLine(CultureInfo.InvariantCulture, $"- {source.RunHistory.Count} epoch{(source.RunHistory.Count == 1 ? string.Empty : "s")} run, {source.RunHistory.Sum(h => h.Seconds) / 60:0.0} minutes of training; this file holds the checkpoint of epoch {header.Epoch} (`{export.Checkpoint}`, {export.WeightsSection} weights).")
            .AppendLine(CultureInfo.InvariantCulture, $"- Every option of the run: the JSON card's `training.options`.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"## Validation (the training run's, on its val split, epoch {header.Epoch})")
            .AppendLine()
            .AppendLine("These are the checkpoint's figures under TorchSharp on the split its epoch was chosen on, so they flatter it;")
            .AppendLine(CultureInfo.InvariantCulture, $"score this file on a held-out split: `fracture val {task} --model {ShellWord(export.Path)} --data DATA.yaml --split test`.")
            .AppendLine();
        Table(text, ["metric", "value"], header.Metrics.Select(kv => new[] { kv.Key, Number(kv.Value) }));
        if (source.Validation?["fracturePresent"] is JsonObject present)
        {
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Fracture present: AUC {Value(present["auc"])}, sensitivity {Value(present["sensitivity"])}, specificity {Value(present["specificity"])} at threshold {Value(present["threshold"])} ({Value(present, "positives")} images with a fracture, {Value(present, "negatives")} without).");
        }

        PerClass(text, source.Validation?["perClass"] as JsonArray);
        LearningCurve(text, source.RunHistory);
        text.AppendLine()
            .AppendLine("## Model file")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- `{export.Path}`: {export.Bytes / 1e6:0.0} MB, {metadata.Weights} weights, sha256 `{source.Sha256}`.")
            .AppendLine(CultureInfo.InvariantCulture, $"- Operating threshold in its metadata: {(metadata.Threshold is { } t ? t.ToString("0.######", CultureInfo.InvariantCulture) : "none (predictors use 0.25)")}{(metadata.FlipAverage ? "; each image is averaged with its mirror image inside the graph" : string.Empty)}.")
            .AppendLine(CultureInfo.InvariantCulture, $"- Written by `fracture export --card`, version {metadata.Version}, {metadata.Date}{(metadata.Commit is { } c ? $", commit {c}" : string.Empty)}.");
        return text.ToString();
    }

    /// <summary>
    /// A path as one shell word, so the command above runs as pasted: single-quoted when it holds a space or anything
    /// else a shell would act on ("models/my model.onnx" split in two).
    /// </summary>
    private static string ShellWord(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '@' or ',' or '=' or '%')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Images(Engine.CheckpointHeader header) =>
        header.Images is { } images ? $"; {images.Train} training images per epoch, {images.Val} validation images" : string.Empty;

    private static void PerClass(StringBuilder text, JsonArray? perClass)
    {
        var rows = perClass?.OfType<JsonObject>().ToList() ?? [];
        if (rows.Count == 0)
        {
            return;
        }

        // Whatever the task reports per class (AP for boxes, precision/recall/F1 for classes), in its own order.
        // A class without labelled instances reports fewer figures, so the columns are every row's, in first-seen order.
        var columns = rows.SelectMany(r => r).Where(kv => kv.Key is not ("id" or "name") && kv.Value is JsonValue).Select(kv => kv.Key).Distinct().ToList();
        text.AppendLine().AppendLine("Per class:").AppendLine();
        Table(text, ["class", .. columns], rows.Select(r => new[] { Value(r["name"]) }.Concat(columns.Select(c => Value(r, c))).ToArray()));
    }

    private static void LearningCurve(StringBuilder text, IReadOnlyList<Engine.EpochRecord> history)
    {
        if (history.Count == 0)
        {
            return;
        }

        var columns = history[0].Values.Keys.ToList();
        text.AppendLine().AppendLine("## Learning curve (training losses, val figures)").AppendLine();
        Table(
            text,
            ["epoch", .. columns, "learning rate", "minutes"],
            history.Select(h => new[] { h.Epoch.ToString(CultureInfo.InvariantCulture) }
                .Concat(columns.Select(c => h.Values.TryGetValue(c, out var v) ? Number(v) : "-"))
                .Append(h.LearningRate.ToString("0.######", CultureInfo.InvariantCulture))
                .Append((h.Seconds / 60).ToString("0.0", CultureInfo.InvariantCulture))
                .ToArray()));
    }

    private static void Table(StringBuilder text, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        text.AppendLine("| " + string.Join(" | ", header) + " |")
            .AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            // A class name is data: a '|' in it would split the row.
            text.AppendLine("| " + string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }
    }

    /// <summary>The fields that count things, printed whole; every other number is a figure, to three decimals.</summary>
    private static readonly HashSet<string> Counts = new(StringComparer.Ordinal) { "positives", "negatives", "instances", "support", "images", "predictions", "epoch" };

    private static string Value(JsonObject row, string key) =>
        Counts.Contains(key) && row[key] is JsonValue v && v.TryGetValue<double>(out var count) ? count.ToString("0", CultureInfo.InvariantCulture) : Value(row[key]);

    private static string Value(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => Number(d),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => "-",
        _ => node.ToJsonString(),
    };

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
