using System.Text.Json;
using System.Text.Json.Nodes;
using Fracture.Core.Models;
using Fracture.Training.Engine;

namespace Fracture.Training.Export;

/// <summary>
/// A model card's JSON, in the shape of the shipped models' cards (name, task, network, imageSize, classes, training,
/// evaluation, modelFile, prediction): every figure copied from the checkpoint and the run's files, none typed.
/// </summary>
public static class ModelCardJson
{
    /// <summary>The evaluation entry's name: what was scored, and on what.</summary>
    public const string EvaluationName = "val (the training run's validation of this checkpoint)";

    public static JsonObject Build(ModelCardSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (export, header) = (source.Export, source.Header);
        var metadata = export.Metadata;
        var options = header.Options;
        return new JsonObject
        {
            ["name"] = Path.GetFileNameWithoutExtension(export.Path),
            ["task"] = ModelMetadata.TaskName(metadata.Task),
            ["network"] = metadata.Description,
            ["imageSize"] = metadata.InputHeight,
            ["classes"] = new JsonArray([.. metadata.Names.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["training"] = new JsonObject
            {
                ["data"] = options.Data,
                ["profile"] = options.Profile,
                ["initialWeights"] = options.InitialWeights,
                ["options"] = JsonSerializer.SerializeToNode(options, Checkpoint.JsonOptions),
                ["epochs"] = source.RunHistory.Count,
                ["checkpointEpoch"] = header.Epoch,
                ["checkpoint"] = export.Checkpoint,
                ["trainingSeconds"] = Math.Round(source.RunHistory.Sum(h => h.Seconds), 1),
                ["images"] = header.Images is { } images ? new JsonObject { ["train"] = images.Train, ["val"] = images.Val } : null,
            },
            ["evaluation"] = new JsonObject { [EvaluationName] = source.Validation?.DeepClone() ?? Metrics(header.Metrics) },
            ["modelFile"] = new JsonObject
            {
                ["path"] = export.Path,
                ["bytes"] = export.Bytes,
                ["sha256"] = source.Sha256,
                ["precision"] = metadata.Weights,
            },
            ["prediction"] = new JsonObject
            {
                ["threshold"] = metadata.Threshold,
                ["flipAverage"] = metadata.FlipAverage,
            },
            ["generated"] = new JsonObject { ["by"] = "fracture export --card", ["version"] = metadata.Version, ["date"] = metadata.Date, ["commit"] = metadata.Commit },
        };
    }

    // JSON has no NaN (a loss the run could not compute): null.
    private static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics) =>
        new([.. metrics.Select(kv => KeyValuePair.Create(kv.Key, double.IsFinite(kv.Value) ? (JsonNode?)JsonValue.Create(kv.Value) : null))]);
}
