using System.Globalization;
using Fracture.Core.Models;
using Onnx;

namespace Fracture.Training.Networks;

/// <summary>
/// Reads a ResNet of basic blocks from an ONNX file by walking its graph from the input along the data flow, never by
/// initializer order (the CNTK-exported ResNet18 lists its convolution weights last stage first). Each block is
/// recognised by its shape: the tensor entering it feeds one 3x3 convolution and, where a stage starts, one 1x1
/// (downsample) convolution; 3x3 conv, BN, ReLU, 3x3 conv, BN, Add with the shortcut, ReLU. Every node and every
/// initializer must be accounted for, so anything unexpected is reported rather than silently mis-mapped.
/// </summary>
internal sealed class OnnxResNetReader
{
    private readonly string _path;
    private readonly GraphProto _graph;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<NodeProto> _visited = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _usedInitializers = new(StringComparer.Ordinal);
    private readonly HashSet<double> _epsilons = [];
    private readonly HashSet<double> _momenta = [];
    private readonly List<OnnxConvBn> _units = [];

    private OnnxResNetReader(string path, GraphProto graph)
    {
        _path = path;
        _graph = graph;
        foreach (var initializer in graph.Initializer)
        {
            if (!_initializers.TryAdd(initializer.Name, initializer))
            {
                throw Problem($"initializer {initializer.Name} appears twice");
            }
        }

        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                if (!_consumers.TryGetValue(input, out var list))
                {
                    _consumers[input] = list = [];
                }

                list.Add(node);
            }
        }
    }

    public static OnnxResNetGraph Read(string path) => new OnnxResNetReader(path, OnnxModelFile.Read(path).Graph).Walk();

    private OnnxResNetGraph Walk()
    {
        var stem = ConvBn(SingleConsumer(GraphInput(), "Conv"), "conv1", "bn1", kernel: 7, stride: 2);
        var pool = SingleConsumer(Output(SingleConsumer(stem, "Relu")), "MaxPool");
        CheckWindow(pool, kernel: 3, stride: 2);
        var current = Output(pool);

        var stageBlocks = new List<int>();
        while (NextBlock(current, stageBlocks) is { } next)
        {
            current = next;
        }

        var head = SingleConsumer(current, "AveragePool", "GlobalAveragePool");
        if (!_graph.Output.Any(o => o.Name == Output(head)))
        {
            throw Problem($"the final {head.OpType} output {Output(head)} is not a graph output");
        }

        var unvisited = _graph.Node.Where(n => !_visited.Contains(n)).Select(Describe).ToList();
        if (unvisited.Count > 0)
        {
            throw Problem($"nodes outside the ResNet pattern: {string.Join("; ", unvisited.Take(5))}");
        }

        var unused = _initializers.Keys.Where(k => !_usedInitializers.Contains(k)).ToList();
        if (unused.Count > 0)
        {
            throw Problem($"{unused.Count} initializer(s) not used by any convolution or BatchNorm, e.g. {unused[0]}");
        }

        if (stageBlocks.Count != 4)
        {
            throw Problem($"found {stageBlocks.Count} stages [{string.Join(", ", stageBlocks)}], expected 4");
        }

        if (_epsilons.Count != 1)
        {
            throw Problem($"BatchNormalization nodes use different epsilons: {string.Join(", ", _epsilons)}");
        }

        var layout = new ResNetLayout(stageBlocks[0], stageBlocks[1], stageBlocks[2], stageBlocks[3]);
        double? momentum = _momenta.Count == 1 ? _momenta.Single() : null;
        return new OnnxResNetGraph(_path, layout, _epsilons.Single(), momentum, _units);
    }

    // Reads the block entered by `input`; returns the block's output tensor, or null when no block follows.
    private string? NextBlock(string input, List<int> stageBlocks)
    {
        var convs = Consumers(input).Where(n => n.OpType == "Conv").ToList();
        if (convs.Count == 0)
        {
            return null;
        }

        var main = convs.Where(c => KernelOf(c) == 3).ToList();
        var projections = convs.Where(c => KernelOf(c) == 1).ToList();
        if (main.Count != 1 || projections.Count > 1 || main.Count + projections.Count != convs.Count)
        {
            throw Problem($"{input} should feed one 3x3 convolution and at most one 1x1 (downsample) convolution, " +
                $"found {string.Join("; ", convs.Select(Describe))}");
        }

        // The first block starts stage 1; after that, a 1x1 projection (stride 2, wider) starts each new stage.
        var projection = projections.SingleOrDefault();
        if (stageBlocks.Count == 0 || projection is not null)
        {
            stageBlocks.Add(0);
        }

        var stage = stageBlocks.Count;
        if (stage > 4)
        {
            throw Problem($"a fifth stage starts at {Describe(projection!)}");
        }

        var prefix = $"layer{stage}.{stageBlocks[^1]++}";
        var shortcut = projection is null ? input : ConvBn(projection, $"{prefix}.downsample.0", $"{prefix}.downsample.1", kernel: 1, stride: 2);
        var stride = projection is null ? 1 : 2;
        var first = ConvBn(main[0], $"{prefix}.conv1", $"{prefix}.bn1", kernel: 3, stride: stride);
        var second = ConvBn(SingleConsumer(Output(SingleConsumer(first, "Relu")), "Conv"), $"{prefix}.conv2", $"{prefix}.bn2", kernel: 3, stride: 1);
        var add = SingleConsumer(second, "Add");
        if (add.Input.Count != 2 || !add.Input.Contains(shortcut))
        {
            throw Problem($"{Describe(add)} should add {second} and the shortcut {shortcut}");
        }

        return Output(SingleConsumer(Output(add), "Relu"));
    }

    // A bias-free convolution and the BatchNormalization reading its output; records both and returns the BN output.
    private string ConvBn(NodeProto conv, string convName, string bnName, int kernel, int stride)
    {
        MarkVisited(conv);
        if (conv.Input.Count != 2)
        {
            throw Problem($"{Describe(conv)} ({convName}) has a bias or lacks a weight; expected a bias-free convolution");
        }

        CheckWindow(conv, kernel, stride);
        if (IntAttribute(conv, "group", 1) != 1 || Ints(conv, "dilations").Any(d => d != 1))
        {
            throw Problem($"{Describe(conv)} ({convName}) is grouped or dilated");
        }

        var weight = Initializer(conv.Input[1], convName);
        if (weight.Dims.Count != 4 || weight.Dims[2] != kernel || weight.Dims[3] != kernel)
        {
            throw Problem($"{convName} weight {weight.Name} has shape [{string.Join(", ", weight.Dims)}], expected a {kernel}x{kernel} kernel");
        }

        var bn = SingleConsumer(Output(conv), "BatchNormalization");
        if (bn.Input.Count != 5 || bn.Input[0] != Output(conv))
        {
            throw Problem($"{Describe(bn)} ({bnName}) should read {Output(conv)}, scale, bias, mean and variance");
        }

        if (IntAttribute(bn, "spatial", 1) != 1)
        {
            throw Problem($"{Describe(bn)} ({bnName}) is not spatial (per-channel) batch normalisation");
        }

        // The file stores floats (1E-05f); its shortest decimal form is the value the exporter meant (1e-5).
        _epsilons.Add(double.Parse(FloatAttribute(bn, "epsilon", 1e-5f).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        if (bn.Attribute.FirstOrDefault(a => a.Name == "momentum") is { } momentum)
        {
            _momenta.Add(momentum.F);
        }

        _units.Add(new OnnxConvBn(
            convName,
            bnName,
            weight,
            Initializer(bn.Input[1], bnName),
            Initializer(bn.Input[2], bnName),
            Initializer(bn.Input[3], bnName),
            Initializer(bn.Input[4], bnName)));
        return Output(bn);
    }

    // Kernel, stride and padding of a convolution or pooling window. Symmetric k/2 padding is what the TorchSharp
    // modules use. CNTK wrote stride-2 windows with one less pixel at the end (pads 3,3,2,2 and 1,1,0,0): at even
    // input sizes that last padded row and column are never read, so the results are identical.
    private void CheckWindow(NodeProto node, int kernel, int stride)
    {
        MarkVisited(node);
        var kernelShape = Ints(node, "kernel_shape");
        var strides = Ints(node, "strides");
        var kernelOk = kernelShape.Length == 0 || kernelShape.SequenceEqual([kernel, kernel]);
        var strideOk = strides.Length == 0 ? stride == 1 : strides.SequenceEqual([stride, stride]);
        if (!kernelOk || !strideOk)
        {
            throw Problem($"{Describe(node)} should be a {kernel}x{kernel} window with stride {stride}");
        }

        var autoPad = node.Attribute.FirstOrDefault(a => a.Name == "auto_pad")?.S.ToStringUtf8();
        if (autoPad is { Length: > 0 } && autoPad != "NOTSET")
        {
            throw Problem($"{Describe(node)} uses auto_pad {autoPad}; explicit pads expected");
        }

        var pads = Ints(node, "pads");
        var begin = kernel / 2;
        var padsOk = pads.Length == 0
            ? begin == 0
            : pads.Length == 4 && pads[0] == begin && pads[1] == begin && pads[2] == pads[3]
                && (pads[2] == begin || (stride == 2 && pads[2] == begin - 1));
        if (!padsOk)
        {
            throw Problem($"{Describe(node)} has pads [{string.Join(", ", pads)}], expected {begin} at the start");
        }
    }

    private string GraphInput()
    {
        var inputs = _graph.Input.Where(i => !_initializers.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw Problem($"expected one image input, found {inputs.Count}: {string.Join(", ", inputs.Select(i => i.Name))}");
        }

        return inputs[0].Name;
    }

    private List<NodeProto> Consumers(string tensor) =>
        _consumers.TryGetValue(tensor, out var list) ? list : [];

    // The only node reading `tensor`, which must be one of `opTypes`.
    private NodeProto SingleConsumer(string tensor, params string[] opTypes)
    {
        var consumers = Consumers(tensor);
        if (consumers.Count != 1 || !opTypes.Contains(consumers[0].OpType))
        {
            var found = consumers.Count == 0 ? "nothing" : string.Join("; ", consumers.Select(Describe));
            throw Problem($"{tensor} should feed a single {string.Join(" or ", opTypes)}, found {found}");
        }

        MarkVisited(consumers[0]);
        return consumers[0];
    }

    private TensorProto Initializer(string name, string module)
    {
        if (!_initializers.TryGetValue(name, out var tensor))
        {
            throw Problem($"{module} reads {name}, which is not an initializer (weights must be constants)");
        }

        if (!_usedInitializers.Add(name))
        {
            throw Problem($"initializer {name} is used twice (shared weights are not expected)");
        }

        return tensor;
    }

    private void MarkVisited(NodeProto node)
    {
        _visited.Add(node);
    }

    private string Output(NodeProto node) =>
        node.Output.Count >= 1 ? node.Output[0] : throw Problem($"{Describe(node)} has no output");

    private static int KernelOf(NodeProto conv)
    {
        var shape = Ints(conv, "kernel_shape");
        return shape.Length == 2 && shape[0] == shape[1] ? (int)shape[0] : -1;
    }

    private static long[] Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];

    private static long IntAttribute(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;

    private static float FloatAttribute(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? fallback;

    private static string Describe(NodeProto node) =>
        $"{node.OpType} {(node.Name.Length > 0 ? node.Name : string.Join(",", node.Output))}";

    private ModelFormatException Problem(string detail) => new(_path, $"unexpected ResNet layout: {detail}");
}
