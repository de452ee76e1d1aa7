using System.Globalization;
using System.Text.Json;
using Fracture.Core;
using Fracture.Core.Models;
using Fracture.Training.Engine;
using Fracture.Training.Networks;
using Fracture.Training.Networks.Segmentation;

namespace Fracture.Training.Export;

/// <summary>
/// `fracture export`: a training checkpoint (its EMA weights when it has them) to a self-describing ONNX file. The
/// network is built by the task's own factory and exports itself; the metadata comes from the checkpoint header.
/// </summary>
public static class CheckpointExporter
{
    /// <summary>The tasks that export, as the checkpoint header names them.</summary>
    public static IReadOnlyList<string> Tasks => TrainedNetwork.Tasks;

    private static readonly JsonSerializerOptions CompactJson = new(Checkpoint.JsonOptions) { WriteIndented = false };

    /// <exception cref="FractureException">Not a checkpoint, a task that does not export, a bad option, or an unwritable output.</exception>
    public static ExportResult Export(ExportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = TrainedWeights.ResolveCheckpoint(request.Weights);
        var checkpoint = Checkpoint.Read(path);
        var header = checkpoint.Header;
        var options = header.Options;
        CheckOutput(request.Output, path, options.Task);
        var size = request.ImageSize ?? options.ImageSize;
        Check(request, options.Task, size);

        var metadata = Metadata(request, header, path, size);
        var classes = header.ClassNames.Count;
        using var network = TrainedNetwork.Create(checkpoint);
        var model = network.Module switch
        {
            Segmenter segmenter => OnnxModelExporter.Segmenter(segmenter, classes, segmenter.Masks, network.Normalization, request.Precision, metadata),
            _ when options.Task == "classify" => OnnxModelExporter.Classifier(network.Exportable, classes, network.Normalization, request.FlipAverage, request.Precision, metadata),
            _ => OnnxModelExporter.Detector(network.Exportable, classes, network.Normalization, request.Precision, metadata),
        };

        long bytes;
        try
        {
            bytes = OnnxModelExporter.Write(model, request.Output);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FractureException($"cannot write {request.Output}: {ex.Message}", ex);
        }

        return new ExportResult(Path.GetFullPath(request.Output), bytes, path, network.WeightsSection, network.Parameters, metadata, (network.Module as Segmenter)?.Masks);
    }

    private static void Check(ExportRequest request, string task, int size)
    {
        if (!Tasks.Contains(task))
        {
            throw new FractureException($"cannot export a '{task}' model: export knows {string.Join(", ", Tasks)}");
        }

        if (request.FlipAverage && task != "classify")
        {
            throw new FractureException("--flip-average applies to classifiers only");
        }

        if (request.Threshold is { } t && !(t is >= 0 and <= 1))
        {
            throw new FractureException($"threshold must be in 0..1, not {t.ToString(CultureInfo.InvariantCulture)}");
        }

        var strided = task != "classify";
        if (size is < 32 or > 2048 || (strided && size % 32 != 0))
        {
            throw new FractureException($"image size {size} must be 32..2048{(strided ? " and a multiple of 32" : string.Empty)}");
        }

        if (string.IsNullOrWhiteSpace(request.Output))
        {
            throw new FractureException("no output file given");
        }
    }

    private static ModelMetadata Metadata(ExportRequest request, CheckpointHeader header, string checkpointPath, int size)
    {
        var options = header.Options;
        var classify = options.Task == "classify";
        return new ModelMetadata
        {
            Task = options.Task switch
            {
                "classify" => ModelTask.Classify,
                "segment" => ModelTask.Segment,
                _ => ModelTask.Detect,
            },
            Names = header.ClassNames,
            InputHeight = size,
            InputWidth = size,
            Stride = 32,
            Resize = ResizeMode.Letterbox,
            NegativeClass = classify ? 0 : null,
            Threshold = request.Threshold,
            FlipAverage = request.FlipAverage,
            Weights = WeightPrecisionNames.Name(request.Precision),
            Training = TrainingJson(header, checkpointPath),
            Commit = request.Commit,
            Author = "Fracture",
            Description = $"Fracture {options.Task} model ({options.Model}, {header.ClassNames.Count} classes), epoch {header.Epoch} of run {options.Name}",
            Date = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Version = OnnxModelExporter.Version,
            IsFracture = true,
        };
    }

    /// <summary>
    /// The output replaces only an earlier export of the same task: never the checkpoint being exported (`--out
    /// RUN/weights/best.ckpt` would lose the weights), a folder, an existing file that is not named .onnx (data.yaml, a
    /// checkpoint), an ONNX file Fracture did not export (an Ultralytics model), or a Fracture export of another task
    /// (a classifier over models/fracture-detector.onnx would leave the server two classifiers and no detector).
    /// </summary>
    private static void CheckOutput(string output, string checkpoint, string task)
    {
        var full = Path.GetFullPath(output);
        if (string.Equals(full, Path.GetFullPath(checkpoint), StringComparison.Ordinal))
        {
            throw new FractureException($"--out {output} is the checkpoint being exported; name an .onnx file");
        }

        if (Directory.Exists(full))
        {
            throw new FractureException($"--out {output} is a folder; name an .onnx file in it");
        }

        if (File.Exists(full) && !full.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new FractureException($"--out {output} exists and is not an .onnx file; it is left alone (name an .onnx file, or move it first)");
        }

        if (File.Exists(full))
        {
            var existing = ExportedTask(full)
                ?? throw new FractureException($"--out {output} exists and is not a model Fracture exported (an Ultralytics model, or unreadable); it is left alone (name another file, or move it first)");
            if (existing != task)
            {
                throw new FractureException($"--out {output} holds a {existing} model and this is a {task} model; it is left alone (name another file, or move it first)");
            }
        }
    }

    /// <summary>The task of the Fracture export at <paramref name="path"/>; null when it is none (or cannot be read as one).</summary>
    private static string? ExportedTask(string path)
    {
        try
        {
            var model = OnnxModelFile.Read(path);
            var metadata = ModelMetadata.Parse(path, model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
            return metadata.IsFracture ? ModelMetadata.TaskName(metadata.Task) : null;
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The run behind the weights: data, options, and the validation metrics of the exported epoch (the checkpoint's
    /// own, so RUN/last after a better epoch is described as itself), plus the best epoch's when that is another.
    /// </summary>
    private static string TrainingJson(CheckpointHeader header, string checkpointPath)
    {
        return JsonSerializer.Serialize(
            new
            {
                data = header.Options.Data,
                profile = header.Options.Profile,
                checkpoint = Path.GetFileName(checkpointPath),
                epoch = header.Epoch,
                bestEpoch = header.Stopping.BestEpoch,
                metrics = header.Metrics,
                bestMetrics = BestMetrics(header),
                options = header.Options,
            },
            CompactJson);
    }

    /// <summary>The best epoch's validation metrics (its history row less the training losses); null when it is this one.</summary>
    private static Dictionary<string, double>? BestMetrics(CheckpointHeader header)
    {
        var best = header.Stopping.BestEpoch;
        return best == header.Epoch || header.History.FirstOrDefault(r => r.Epoch == best) is not { } row
            ? null
            : row.Values.Where(kv => header.Metrics.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }
}
