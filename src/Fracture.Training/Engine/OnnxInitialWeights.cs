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
/// A folded BatchNorm cannot be split back into its four tensors: its kernel goes back to the network's initial
/// per-channel norms and the BatchNorm becomes that factor times its input plus the folded bias
/// (<see cref="FoldedBatchNorm"/>), which reproduces the exported model exactly in eval mode;
/// <see cref="OnnxInitialization.Calibrate"/> then sets its statistics from training images so that training mode
/// (batch statistics) computes the same.
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
        var folded = new List<FoldedBatchNorm>();
        var factors = new List<float>();
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

                CheckShape(layer.Weight, weight, layer.WeightName, path);
                var bias = layer.BiasName is null ? null : values.Floats(layer.BiasName);
                set++;
                if (layer.BatchNorm is { } norm)
                {
                    // Folding scaled each output channel's kernel by gamma / sigma, often far from the scale training
                    // left it at; AdamW moves a weight by about the learning rate whatever its size, so such a kernel
                    // trains many times too fast (measured: docs/training.md). Back to the network's initial per-channel
                    // norms, with the factor kept in the BatchNorm's weight.
                    var scale = RescaleToInitialNorms(layer.Weight, weight);
                    factors.AddRange(scale);
                    Copy(layer.Weight, weight, layer.WeightName, path);
                    var entry = new FoldedBatchNorm(norm, bias?.Data ?? new float[weight.Dims[0]], scale);
                    layer.Bias?.zero_();
                    entry.Identity();
                    folded.Add(entry);
                    set += (layer.Bias is null ? 0 : 1) + 4;
                    continue;
                }

                Copy(layer.Weight, weight, layer.WeightName, path);
                if (layer.Bias is not null)
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
        if (factors.Count > 0)
        {
            factors.Sort();
            message += $"; kernels before BatchNorms back to the network's initial norms (median factor {factors[factors.Count / 2]:0.###})";
        }

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

    /// <summary>
    /// Divides each output channel of <paramref name="values"/> by its norm over the same channel's norm in
    /// <paramref name="initial"/> (the network before loading) and returns those factors (1 where either norm is 0).
    /// </summary>
    private static float[] RescaleToInitialNorms(Tensor initial, OnnxGraphValues.Values values)
    {
        var channels = (int)values.Dims[0];
        var per = values.Data.Length / channels;
        float[] initialNorms;
        using (var flat = initial.detach().to_type(ScalarType.Float32).reshape(initial.shape[0], -1))
        using (var norms = flat.norm(1))
        {
            initialNorms = norms.data<float>().ToArray();
        }

        var factors = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var slice = values.Data.AsSpan(c * per, per);
            var norm = 0.0;
            foreach (var v in slice)
            {
                norm += (double)v * v;
            }

            factors[c] = norm > 0 && initialNorms[c] > 0 ? (float)(Math.Sqrt(norm) / initialNorms[c]) : 1f;
            foreach (ref var v in slice)
            {
                v /= factors[c];
            }
        }

        return factors;
    }

    private static void CheckShape(Tensor target, OnnxGraphValues.Values source, string name, string path)
    {
        if (!target.shape.SequenceEqual(source.Dims))
        {
            throw new CheckpointException(
                $"{name} has shape [{string.Join(", ", source.Dims)}] in {path}, this network's is [{string.Join(", ", target.shape)}] (another number of classes or another architecture?)");
        }
    }

    private static void Copy(Tensor target, OnnxGraphValues.Values source, string name, string path)
    {
        CheckShape(target, source, name, path);
        using var values = tensor(source.Data, source.Dims, dtype: target.dtype);
        target.copy_(values);
    }
}
