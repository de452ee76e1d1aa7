using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Export;

/// <summary>
/// ONNX nodes for TorchSharp's built-in layers (which cannot implement <see cref="IOnnxExportable{TInput,TOutput}"/>
/// themselves): convolution with its BatchNorm folded in, linear, pooling, activations, and a Sequential of these
/// and of exportable modules. The geometry is read from the layer objects, never restated.
/// </summary>
public static class OnnxLayers
{
    /// <summary>A convolution, with <paramref name="batchNorm"/> (eval mode: running statistics) folded into it when given.</summary>
    /// <param name="name">The layer's name in the graph (its field name).</param>
    public static string Conv(OnnxGraphBuilder graph, Conv2d conv, BatchNorm? batchNorm, string input, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(conv);
        if (conv.padding_mode != PaddingModes.Zeros || conv.padding_type is not null || conv.padding is null)
        {
            throw new NotSupportedException($"convolution {name}: only explicit zero padding is exported");
        }

        var dims = conv.weight!.shape;
        var weight = Floats(conv.weight);
        var bias = conv.bias is null ? [] : Floats(conv.bias);
        if (batchNorm is not null)
        {
            (weight, bias) = BatchNormFolding.Fold(
                weight,
                bias,
                Floats(batchNorm.weight!),
                Floats(batchNorm.bias!),
                Floats(batchNorm.running_mean!),
                Floats(batchNorm.running_var!),
                batchNorm.eps);
        }

        using var scope = graph.Scope(name);
        var inputs = new List<string> { input, graph.Weight("weight", weight, dims) };
        if (bias.Length > 0)
        {
            inputs.Add(graph.Bias("bias", bias));
        }

        graph.AddLayer(new ExportedLayer(inputs[1], bias.Length > 0 ? inputs[2] : null, conv.weight, conv.bias, batchNorm));
        var padding = conv.padding;
        return graph.Node(
            "Conv",
            inputs,
            "Conv",
            OnnxAttributes.Ints("kernel_shape", dims[2], dims[3]),
            OnnxAttributes.Ints("strides", conv.stride),
            OnnxAttributes.Ints("pads", padding[0], padding[1], padding[0], padding[1]),
            OnnxAttributes.Ints("dilations", conv.dilation),
            OnnxAttributes.Int("group", conv.groups));
    }

    /// <summary>y = x W^T + b as a Gemm (W [out, in], so its output channel is axis 0 for int8).</summary>
    public static string Linear(OnnxGraphBuilder graph, Linear linear, string input, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(linear);
        using var scope = graph.Scope(name);
        var inputs = new List<string> { input, graph.Weight("weight", Floats(linear.weight!), linear.weight!.shape) };
        if (linear.bias is not null)
        {
            inputs.Add(graph.Bias("bias", Floats(linear.bias)));
        }

        graph.AddLayer(new ExportedLayer(inputs[1], linear.bias is null ? null : inputs[2], linear.weight, linear.bias, null));

        return graph.Node("Gemm", inputs, "Gemm", OnnxAttributes.Int("transB", 1));
    }

    public static string MaxPool(OnnxGraphBuilder graph, MaxPool2d pool, string input)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var kernel = pool.kernel_size;
        var stride = pool.stride ?? kernel;
        var padding = pool.padding ?? [0, 0];
        return graph.Node(
            "MaxPool",
            [input],
            "MaxPool",
            OnnxAttributes.Ints("kernel_shape", kernel),
            OnnxAttributes.Ints("strides", stride),
            OnnxAttributes.Ints("pads", padding[0], padding[1], padding[0], padding[1]),
            OnnxAttributes.Int("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    public static string Relu(OnnxGraphBuilder graph, string input) => graph.Node("Relu", [input]);

    /// <summary>x * sigmoid(x): opset 17 has no SiLU operator.</summary>
    public static string SiLU(OnnxGraphBuilder graph, string input) =>
        graph.Node("Mul", [input, graph.Node("Sigmoid", [input])], "SiLU");

    /// <summary>Nearest upsampling by a scale factor: PyTorch picks source index floor(i / scale), ONNX Resize's asymmetric + floor.</summary>
    public static string Upsample(OnnxGraphBuilder graph, Upsample up, string input, string name)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(up);
        if (up.mode != UpsampleMode.Nearest || up.scale_factor is not [var sy, var sx])
        {
            throw new NotSupportedException("only nearest upsampling by a scale factor is exported");
        }

        var scales = graph.Constant($"{name}.scales", [1f, 1f, (float)sy, (float)sx], 4);
        return graph.Node(
            "Resize",
            [input, string.Empty, scales],
            name,
            OnnxAttributes.String("mode", "nearest"),
            OnnxAttributes.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttributes.String("nearest_mode", "floor"));
    }

    /// <summary>
    /// A Sequential's children in order, each named by its index: a convolution (folded with a BatchNorm right after
    /// it), ReLU, SiLU, nearest upsampling, or any exportable module.
    /// </summary>
    public static string Sequential(OnnxGraphBuilder graph, Sequential sequential, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(sequential);
        var children = sequential.named_children().ToList();
        var x = input;
        for (var i = 0; i < children.Count; i++)
        {
            var (name, child) = children[i];
            switch (child)
            {
                case Conv2d conv:
                    var batchNorm = i + 1 < children.Count ? children[i + 1].module as BatchNorm : null;
                    x = Conv(graph, conv, batchNorm, x, name);
                    i += batchNorm is null ? 0 : 1;
                    break;
                case ReLU:
                    x = Relu(graph, x);
                    break;
                case TorchSharp.Modules.SiLU:
                    x = SiLU(graph, x);
                    break;
                case Upsample up:
                    x = Upsample(graph, up, x, name);
                    break;
                case IOnnxExportable<string, string> exportable:
                    using (graph.Scope(name))
                    {
                        x = exportable.ExportOnnx(graph, x);
                    }

                    break;
                default:
                    throw new NotSupportedException($"no ONNX export for a {child.GetType().Name} ({name}) in a Sequential");
            }
        }

        return x;
    }

    /// <summary>A parameter or buffer's values as float32, row-major.</summary>
    public static float[] Floats(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
