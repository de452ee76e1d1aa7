using System.Globalization;
using Onnx;

namespace Fracture.Training.Export;

/// <summary>
/// Collects an ONNX graph as modules emit it: unique names (scoped by module path, e.g. <c>layer1.0.conv1</c>),
/// nodes, initializers, and the graph's inputs and outputs. Learned kernels go through <see cref="Weight"/>, which
/// stores them at the export's <see cref="Precision"/>; everything else stays float32.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<string> _scopes = [];
    private readonly List<ExportedLayer> _layers = [];

    /// <summary>Kernels with fewer values than this are not quantised to int8 (see <see cref="Weight"/>).</summary>
    public const int Int8MinimumElements = 65_536;

    public OnnxGraphBuilder(WeightPrecision precision)
    {
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision");
        }

        Precision = precision;
    }

    public WeightPrecision Precision { get; }

    /// <summary>Learned values written so far (weights and biases, after BatchNorm folding).</summary>
    public long Parameters { get; private set; }

    /// <summary>The learned layers written so far, in order, with the graph names of their values.</summary>
    public IReadOnlyList<ExportedLayer> Layers => _layers;

    /// <summary>Notes a learned layer whose values were just added (see <see cref="ExportedLayer"/>).</summary>
    public void AddLayer(ExportedLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layers.Add(layer);
    }

    /// <summary>Names created inside the returned scope start with <paramref name="name"/> (a module's field name).</summary>
    public IDisposable Scope(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _scopes.Add(name);
        return new ScopeExit(this, _scopes.Count);
    }

    /// <summary>A name not used yet in this graph: the scope path, the hint, and a counter when needed.</summary>
    public string UniqueName(string hint)
    {
        ArgumentException.ThrowIfNullOrEmpty(hint);
        var stem = _scopes.Count == 0 ? hint : $"{string.Join('.', _scopes)}.{hint}";
        var name = stem;
        for (var i = 2; !_names.Add(name); i++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{stem}_{i}");
        }

        return name;
    }

    /// <summary>
    /// A learned kernel whose axis 0 is the output channel (convolution [O, I, kH, kW], linear [O, I]); returns the
    /// name of its float32 value in the graph. fp16 stores it as float16 behind a Cast (float32 if a value is
    /// beyond float16's range); int8 stores it quantised per output channel behind a DequantizeLinear (axis 0), when
    /// it has at least <see cref="Int8MinimumElements"/> values (float32 otherwise).
    /// ONNX Runtime folds the Cast at load, and the DequantizeLinear too with session.disable_quant_qdq = 1.
    /// </summary>
    public string Weight(string hint, float[] values, long[] dims)
    {
        CheckShape(values.Length, dims);
        Parameters += values.Length;
        var name = UniqueName(hint);
        // Small kernels stay float32 in int8 files: they are a sliver of the size, but early ones (the stem, ResNet's
        // layer1) caused most of the int8 deviation (measured on the pretrained ResNet18).
        var precision = Precision == WeightPrecision.Int8 && values.Length < Int8MinimumElements ? WeightPrecision.Fp32 : Precision;
        switch (precision)
        {
            case WeightPrecision.Fp16 when OnnxTensorEncoding.Float16(name + "_fp16", values, dims) is { } half:
                _graph.Initializer.Add(half);
                return Node("Cast", [half.Name], name, OnnxAttributes.Int("to", (long)TensorProto.Types.DataType.Float));
            case WeightPrecision.Int8:
                var (quantized, scales) = OnnxTensorEncoding.QuantizePerChannel(values, dims[0]);
                var q = OnnxTensorEncoding.Int8(name + "_int8", quantized, dims);
                var scale = OnnxTensorEncoding.Float32(name + "_scale", scales, [dims[0]]);
                _graph.Initializer.Add(q);
                _graph.Initializer.Add(scale);
                return Node("DequantizeLinear", [q.Name, scale.Name], name, OnnxAttributes.Int("axis", 0));
            default:
                _graph.Initializer.Add(OnnxTensorEncoding.Float32(name, values, dims));
                return name;
        }
    }

    /// <summary>A learned vector kept float32 at every precision (biases: small, and rounding them gains nothing).</summary>
    public string Bias(string hint, float[] values)
    {
        Parameters += values.Length;
        return Constant(hint, values, values.Length);
    }

    /// <summary>A float32 constant (normalisation, distance bins): exact at every precision.</summary>
    public string Constant(string hint, float[] values, params long[] dims)
    {
        CheckShape(values.Length, dims);
        var name = UniqueName(hint);
        _graph.Initializer.Add(OnnxTensorEncoding.Float32(name, values, dims));
        return name;
    }

    /// <summary>An int64 constant (shapes, axes, indices).</summary>
    public string Constant(string hint, long[] values, params long[] dims)
    {
        CheckShape(values.Length, dims);
        var name = UniqueName(hint);
        _graph.Initializer.Add(OnnxTensorEncoding.Int64(name, values, dims));
        return name;
    }

    /// <summary>An int64 vector constant.</summary>
    public string Shape(string hint, params long[] values) => Constant(hint, values, values.Length);

    /// <summary>Adds a node with one output, named after the hint (the op type when null); returns the output.</summary>
    /// <param name="inputs">Input tensor names; an empty string skips an optional input.</param>
    public string Node(string opType, IReadOnlyList<string> inputs, string? hint = null, params AttributeProto[] attributes) =>
        Node(opType, inputs, 1, hint, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs; returns their names.</summary>
    public IReadOnlyList<string> Node(string opType, IReadOnlyList<string> inputs, int outputs, string? hint = null, params AttributeProto[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        var name = UniqueName(hint ?? opType);
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        for (var i = 0; i < outputs; i++)
        {
            node.Output.Add(outputs == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}:{i}"));
        }

        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return node.Output;
    }

    /// <summary>Declares a float32 graph input and returns its name.</summary>
    public string AddInput(string name, params OnnxDim[] dims)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"the name {name} is taken", nameof(name));
        }

        _graph.Input.Add(ValueInfo(name, dims));
        return name;
    }

    /// <summary>Declares a float32 graph output named <paramref name="name"/> holding <paramref name="source"/>.</summary>
    public void AddOutput(string name, string source, params OnnxDim[] dims)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"the name {name} is taken", nameof(name));
        }

        var node = new NodeProto { OpType = "Identity", Name = name + "_identity" };
        node.Input.Add(source);
        node.Output.Add(name);
        _graph.Node.Add(node);
        _graph.Output.Add(ValueInfo(name, dims));
    }

    public GraphProto Build(string name)
    {
        var graph = _graph.Clone();
        graph.Name = name;
        return graph;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxDim[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim.Param is { } param
                ? new TensorShapeProto.Types.Dimension { DimParam = param }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Value });
        }

        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private static void CheckShape(int count, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var product = dims.Aggregate(1L, (a, b) => a * b);
        if (product != count)
        {
            throw new ArgumentException($"shape [{string.Join(", ", dims)}] needs {product} values, got {count}");
        }
    }

    private sealed class ScopeExit(OnnxGraphBuilder builder, int depth) : IDisposable
    {
        public void Dispose()
        {
            if (builder._scopes.Count == depth)
            {
                builder._scopes.RemoveAt(depth - 1);
            }
        }
    }
}
