using Google.Protobuf;
using Onnx;

namespace Fracture.Inference.Tests.Support;

/// <summary>
/// Writes tiny ONNX graphs for tests: one float input "images" [N, 3, H, W], constants, a few standard operators
/// (opset 17) and named outputs. Outputs are usually constants made to depend on the input (plus 0 or a gain times
/// a per-image value), so ONNX Runtime really runs the graph and the batch dimension follows the input.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const string Input = "images";

    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly int _height;
    private readonly int _width;
    private int _next;

    /// <param name="batch">A fixed batch size, or null for a dynamic one (named "batch").</param>
    /// <param name="channels">Input planes: 3 for every valid model; others to test refusals.</param>
    /// <param name="dynamicSize">Leave the input's height and width open, as Ultralytics' dynamic exports do.</param>
    public OnnxGraphBuilder(int height, int width, long? batch = null, int channels = 3, bool dynamicSize = false)
    {
        (_height, _width) = (height, width);
        _graph.Input.Add(Value(Input, batch, channels, dynamicSize ? -1 : height, dynamicSize ? -1 : width));
    }

    /// <summary>A float constant of the given shape (row-major values).</summary>
    public string Constant(float[] values, params long[] dims)
    {
        var name = $"c{_next++}";
        _graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims }, FloatData = { values } });
        return name;
    }

    /// <summary>An int64 constant (shapes, axes).</summary>
    public string Int64s(params long[] values)
    {
        var name = $"c{_next++}";
        _graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { values.Length }, Int64Data = { values } });
        return name;
    }

    /// <summary>Adds a node; returns the name of its (single) output.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        var output = $"t{_next++}";
        _graph.Node.Add(new NodeProto { OpType = op, Name = output, Input = { inputs }, Output = { output }, Attribute = { attributes } });
        return output;
    }

    /// <summary>Each image's mean over all of its values, shaped [N] followed by <paramref name="ones"/> ones (for broadcasting).</summary>
    public string MeanPerImage(int ones)
    {
        var mean = Node("ReduceMean", [Input], Ints("axes", 1, 2, 3), Int("keepdims", 0));
        return Node("Reshape", [mean, Int64s([-1, .. Enumerable.Repeat(1L, ones)])]);
    }

    /// <summary>
    /// Each image's red value at the input's centre pixel, shaped like <see cref="MeanPerImage"/>. Unlike a mean it
    /// involves no sum, whose order ONNX Runtime may vary with its threads, so results are reproducible to the bit.
    /// </summary>
    public string CentrePixel(int ones)
    {
        var pixel = Node("Slice", [Input, Int64s(0, _height / 2, _width / 2), Int64s(1, (_height / 2) + 1, (_width / 2) + 1), Int64s(1, 2, 3)]);
        return Node("Reshape", [pixel, Int64s([-1, .. Enumerable.Repeat(1L, ones)])]);
    }

    /// <summary><paramref name="constant"/> [1, ...] + <paramref name="gain"/> [1, ...] * <paramref name="perImage"/> [N, 1, ...]: [N, ...].</summary>
    public string FollowInput(string constant, string gain, string perImage) =>
        Node("Add", [constant, Node("Mul", [perImage, gain])]);

    /// <summary>Names <paramref name="value"/> as graph output <paramref name="name"/> with the given shape (null batch, -1: open).</summary>
    public void Output(string name, string value, long? batch, params long[] dims)
    {
        _graph.Node.Add(new NodeProto { OpType = "Identity", Name = name, Input = { value }, Output = { name } });
        _graph.Output.Add(Value(name, batch, dims));
    }

    public ModelProto Build(IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "fracture-tests",
            Graph = _graph,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = 17 } },
        };
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    public static void Save(ModelProto model, string path) => File.WriteAllBytes(path, model.ToByteArray());

    private static ValueInfoProto Value(string name, long? batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(batch is { } b ? new TensorShapeProto.Types.Dimension { DimValue = b } : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        for (var i = 0; i < dims.Length; i++)
        {
            shape.Dim.Add(dims[i] >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = dims[i] } : new TensorShapeProto.Types.Dimension { DimParam = $"d{i + 1}" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
