using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fracture.Core;
using Fracture.Core.IO;
using Fracture.Training.Engine;

namespace Fracture.Training.Export;

/// <summary>
/// `fracture export --card`: writes NAME.card.json and NAME.card.md beside NAME.onnx, as the shipped models have
/// theirs, from the checkpoint's header and its run's best-val.json, so a model a user trains and exports says what it
/// is, what it was trained on and how it scored.
/// </summary>
public static class ModelCardWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The card's two paths for a model file: NAME.card.json and NAME.card.md.</summary>
    public static (string Json, string Markdown) PathsFor(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var stem = Path.ChangeExtension(Path.GetFullPath(model), null);
        return (stem + ".card.json", stem + ".card.md");
    }

    /// <exception cref="FractureException">A card file cannot be written.</exception>
    public static (string Json, string Markdown) Write(ExportResult export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var header = Checkpoint.ReadHeader(export.Checkpoint);
        var source = new ModelCardSource(export, header, Sha256(export.Path), Validation(export.Checkpoint, header.Epoch), RunHistory(export.Checkpoint, header));
        var (json, markdown) = PathsFor(export.Path);
        try
        {
            AtomicFile.WriteAllText(json, ModelCardJson.Build(source).ToJsonString(Indented) + "\n");
            AtomicFile.WriteAllText(markdown, ModelCardMarkdown.Build(source));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FractureException($"the model was written, but its card could not be: {ex.Message}", ex);
        }

        return (json, markdown);
    }

    /// <summary>best-val.json of the checkpoint's run when it scored this epoch (RUN/weights/X.ckpt -> RUN/best-val.json).</summary>
    private static JsonObject? Validation(string checkpoint, int epoch)
    {
        var run = Path.GetDirectoryName(Path.GetDirectoryName(checkpoint));
        var file = run is null ? null : Path.Combine(run, RunFolder.BestValidationName);
        try
        {
            if (file is null || !File.Exists(file) || JsonNode.Parse(File.ReadAllText(file)) is not JsonObject report)
            {
                return null;
            }

            // A report of another epoch (last.ckpt after an earlier best) would describe other weights.
            return report["epoch"] is JsonValue value && value.TryGetValue<int>(out var scored) && scored == epoch ? report : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The run's whole history: its last checkpoint's, when that is of the same run and at least as far on.</summary>
    private static IReadOnlyList<EpochRecord> RunHistory(string checkpoint, CheckpointHeader header)
    {
        var last = Path.Combine(Path.GetDirectoryName(checkpoint) ?? ".", "last.ckpt");
        try
        {
            if (File.Exists(last) && Checkpoint.ReadHeader(last) is { } later
                && later.Options.Name == header.Options.Name && later.Options.Task == header.Options.Task && later.History.Count >= header.History.Count)
            {
                return later.History;
            }
        }
        catch (Exception ex) when (ex is CheckpointException or IOException or UnauthorizedAccessException)
        {
            // A last checkpoint cut short by a kill: the exported one's own history still holds.
        }

        return header.History;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
