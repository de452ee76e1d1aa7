using System.Text.Json;
using Fracture.Core.Models;
using Fracture.Training.Engine;

namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// Whether an ONNX file was exported from a checkpoint's network: a Fracture export, the same task, class names
/// (in order), input size and, where the file records its training run, the same network.
/// </summary>
public static class ModelPair
{
    /// <exception cref="ModelPairException">Every difference found, in one line.</exception>
    public static void Check(ModelMetadata metadata, CheckpointHeader header, string modelPath, string checkpointPath)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(header);
        if (!metadata.IsFracture)
        {
            throw new ModelPairException($"{modelPath} is not a Fracture export: the TorchSharp side can only rebuild Fracture's own networks");
        }

        var options = header.Options;
        var differences = new List<string>();
        var task = ModelMetadata.TaskName(metadata.Task);
        if (task != options.Task)
        {
            differences.Add($"task {task} vs {options.Task}");
        }

        if (!metadata.Names.SequenceEqual(header.ClassNames, StringComparer.Ordinal))
        {
            differences.Add($"classes ({string.Join(", ", metadata.Names)}) vs ({string.Join(", ", header.ClassNames)})");
        }

        if (metadata.InputHeight != options.ImageSize || metadata.InputWidth != options.ImageSize)
        {
            differences.Add($"input {metadata.InputHeight}x{metadata.InputWidth} vs {options.ImageSize}x{options.ImageSize} (export at the run's size)");
        }

        if (TrainedNetworkName(metadata) is { } network && network != options.Model)
        {
            differences.Add($"network {network} vs {options.Model}");
        }

        if (differences.Count > 0)
        {
            throw new ModelPairException($"{modelPath} and {checkpointPath} are not the same model: {string.Join("; ", differences)}");
        }
    }

    /// <summary>The network name the exporter recorded (fracture.training: options.model), when it is there and readable.</summary>
    private static string? TrainedNetworkName(ModelMetadata metadata)
    {
        if (metadata.Training is not { } training)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(training);
            return doc.RootElement.TryGetProperty("options", out var options)
                && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("model", out var model)
                && model.ValueKind == JsonValueKind.String
                ? model.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
