using Fracture.Core.Models;
using Fracture.Training.Export;
using Fracture.Training.Networks;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// Starts a new run from a model that Fracture exported to ONNX (<c>--init models/fracture-detector.onnx</c>), so a
/// fresh clone can fine-tune the shipped models without their training runs. The network exports itself once into
/// memory to learn which graph value holds each layer's (BatchNorm-folded) kernel and bias; those values are read
/// from the file (float32, float16 or per-channel int8) wherever names and shapes agree.
/// A folded BatchNorm cannot be split back into its four tensors, so it becomes the identity around the folded bias,
/// which reproduces the exported model exactly in eval mode; <see cref="OnnxInitialization.Calibrate"/> then sets
/// its statistics from training images so that training mode (batch statistics) computes the same.
/// </summary>
public static class OnnxInitialWeights
{
    /// <summary>Whether <paramref name="weights"/> names an ONNX file rather than a run or checkpoint.</summary>
    public static bool IsOnnx(string weights) =>
        weights.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ModelFormatException">Missing, unreadable, or not exported by Fracture.</exception>
    /// <exception cref="CheckpointException">No layer in common with this network, or a common one of another shape.</exception>
    public static OnnxInitialization Load(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = Read(path);
        var values = new OnnxGraphValues(file.Graph, path);
        var layers = ExportedLayers(model);
        var folded = new List<(TorchSharp.Modules.BatchNorm Norm, float[] Bias)>();
        var set = 0;
        using (no_grad())
        {
            foreach (var layer in layers)
            {
                var weight = values.Floats(layer.WeightName);
                if (weight is null)
                {
                    continue;
                }

                Copy(layer.Weight, weight, layer.WeightName, path);
                var bias = layer.BiasName is null ? null : values.Floats(layer.BiasName);
                set++;
                if (layer.BatchNorm is { } norm)
                {
                    var foldedBias = bias?.Data ?? new float[weight.Dims[0]];
                    layer.Bias?.zero_();
                    OnnxInitialization.Identity(norm, foldedBias);
                    folded.Add((norm, foldedBias));
                    set += (layer.Bias is null ? 0 : 1) + 4;
                }
                else if (layer.Bias is not null)
                {
                    if (bias is null)
                    {
                        layer.Bias.zero_();
                    }
                    else
                    {
                        Copy(layer.Bias, bias, layer.BiasName!, path);
                    }

                    set++;
                }
            }
        }

        if (set == 0)
        {
            throw new CheckpointException($"{path} has no layer in common with this network (it was exported from another kind of network)");
        }

        var task = file.MetadataProps.FirstOrDefault(p => p.Key == ModelMetadata.TaskKey)?.Value ?? "unknown task";
        var message = $"initial weights: {set} of {model.state_dict().Count} tensors from {path} (ONNX, {task}, {file.ProducerName} {file.ProducerVersion})";
        return new OnnxInitialization(model, folded, message);
    }

    private static ModelProto Read(string path)
    {
        var file = OnnxModelFile.Read(path);

        // Other exporters name and fold layers their own way; their files would match nothing or, worse, by chance.
        if (file.ProducerName != "fracture")
        {
            throw new ModelFormatException(path, $"exported by \"{file.ProducerName}\", not by Fracture: --init reads Fracture's own ONNX exports (or a run)");
        }

        return file;
    }

    /// <summary>The network's learned layers as its own export names them (an in-memory float32 export).</summary>
    private static IReadOnlyList<ExportedLayer> ExportedLayers(nn.Module model)
    {
        var graph = new OnnxGraphBuilder(WeightPrecision.Fp32);
        switch (model)
        {
            case IOnnxExportable<string, string> single:
                single.ExportOnnx(graph, OnnxModelExporter.InputName);
                break;
            case IOnnxExportable<string, (string Detections, string Prototypes)> pair:
                pair.ExportOnnx(graph, OnnxModelExporter.InputName);
                break;
            default:
                throw new CheckpointException($"a {model.GetType().Name} cannot be initialised from an ONNX file (it has no ONNX export)");
        }

        return graph.Layers;
    }

    private static void Copy(Tensor target, OnnxGraphValues.Values source, string name, string path)
    {
        if (!target.shape.SequenceEqual(source.Dims))
        {
            throw new CheckpointException(
                $"{name} has shape [{string.Join(", ", source.Dims)}] in {path}, this network's is [{string.Join(", ", target.shape)}] (another number of classes or another architecture?)");
        }

        using var values = tensor(source.Data, source.Dims, dtype: target.dtype);
        target.copy_(values);
    }
}
