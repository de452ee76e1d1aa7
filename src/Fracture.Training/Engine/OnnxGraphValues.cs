using System.Buffers.Binary;
using Fracture.Core.Models;
using Fracture.Training.Networks;
using Onnx;

namespace Fracture.Training.Engine;

/// <summary>
/// The float32 value of a named graph value that an export stored as a constant: a float32 initializer, a float16
/// one behind a Cast, or a per-channel int8 one behind a DequantizeLinear (the three encodings of
/// <see cref="Export.OnnxGraphBuilder.Weight"/>).
/// </summary>
internal sealed class OnnxGraphValues
{
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, NodeProto> _consumers;
    private readonly string _path;

    public OnnxGraphValues(GraphProto graph, string path)
    {
        _path = path;
        _initializers = graph.Initializer.GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _consumers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                _consumers.TryAdd(input, node);
            }
        }
    }

    /// <summary>Row-major values and their shape.</summary>
    public sealed record Values(float[] Data, long[] Dims);

    /// <summary>
    /// The value that a float32 export names <paramref name="name"/>, or null when the graph holds none: the
    /// initializer itself, or the one the writer stored as <c>NAME_fp16</c> or <c>NAME_int8</c> (with
    /// <c>NAME_scale</c>) and decodes with the node that reads it (names are the same at every precision up to there).
    /// </summary>
    /// <exception cref="ModelFormatException">The constant is there but truncated or in an encoding Fracture does not write.</exception>
    public Values? Floats(string name)
    {
        if (_initializers.TryGetValue(name, out var initializer))
        {
            return new Values(OnnxTensors.ReadFloats(initializer, _path), [.. initializer.Dims]);
        }

        if (_initializers.TryGetValue(name + "_fp16", out var half))
        {
            return new Values(Halves(half), [.. half.Dims]);
        }

        if (_initializers.TryGetValue(name + "_int8", out var quantized) && _consumers.TryGetValue(quantized.Name, out var node) && node.OpType == "DequantizeLinear")
        {
            return new Values(Dequantized(node, quantized), [.. quantized.Dims]);
        }

        return null;
    }

    private float[] Halves(TensorProto stored)
    {
        var count = OnnxTensors.ElementCount(stored);
        var raw = stored.RawData.Span;
        if (stored.DataType != (int)TensorProto.Types.DataType.Float16 || raw.Length != count * 2)
        {
            throw new ModelFormatException(_path, $"initializer {stored.Name} is not {count} float16 values in raw_data (ONNX type {stored.DataType}, {raw.Length} bytes)");
        }

        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.Slice(i * 2, 2));
        }

        return values;
    }

    /// <summary>(q - zero point) x scale, per slice of axis 0 (or one scale for all).</summary>
    private float[] Dequantized(NodeProto node, TensorProto stored)
    {
        var count = OnnxTensors.ElementCount(stored);
        var raw = stored.RawData.Span;
        if (stored.DataType != (int)TensorProto.Types.DataType.Int8 || raw.Length != count || node.Input.Count < 2
            || !_initializers.TryGetValue(node.Input[1], out var scaleTensor))
        {
            throw new ModelFormatException(_path, $"{node.OpType} {node.Name} does not read {count} int8 values in raw_data and a constant scale");
        }

        var scales = OnnxTensors.ReadFloats(scaleTensor, _path);
        var zeros = node.Input.Count > 2 && node.Input[2].Length > 0 && _initializers.TryGetValue(node.Input[2], out var zeroTensor)
            ? zeroTensor.RawData.ToByteArray().Select(b => (float)(sbyte)b).ToArray()
            : new float[scales.Length];
        var axis = node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 1;
        var channels = stored.Dims.Count > 0 ? stored.Dims[0] : 1;
        if (zeros.Length != scales.Length || (scales.Length != 1 && (axis != 0 || scales.Length != channels)))
        {
            throw new ModelFormatException(_path, $"{node.OpType} {node.Name}: {scales.Length} scales on axis {axis} do not fit shape [{string.Join(", ", stored.Dims)}]");
        }

        var per = (int)(count / Math.Max(1, scales.Length));
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            var c = i / per;
            values[i] = ((sbyte)raw[i] - zeros[c]) * scales[c];
        }

        return values;
    }
}
