using Fracture.Training.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks;

/// <summary>
/// A ResNet of <see cref="BasicBlock"/>s: 7x7/2 conv-BN-ReLU stem and 3x3/2 max pool, four stages of widths
/// 64/128/256/512 (strides 4, 8, 16, 32), adaptive average pooling (any input size), and an optional
/// dropout + linear head. Input: float [N, 3, H, W] normalised as <see cref="Fracture.Core.Imaging.InputNormalization"/>
/// says for the weights in use. Field names are the state_dict keys and match torchvision's (conv1, bn1,
/// layer1..layer4, layerN.i.downsample.0/1, fc), so checkpoints stay loadable; hence not _camelCase.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>, IOnnxExportable<string, string>
{
    /// <summary>Width of the pooled features (layer4's channels).</summary>
    public const int FeatureDimension = 512;

    private static readonly int[] StageWidths = [64, 128, 256, 512];

    private readonly Conv2d conv1;
    private readonly HeldBatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Dropout dropout;

    // Null without a head; RegisterComponents then registers no "fc" keys.
    private readonly Linear? fc;

    public ResNet(ResNetOptions options)
        : base(nameof(ResNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var eps = options.BatchNormEpsilon;
        var momentum = options.BatchNormMomentum;

        conv1 = Conv2d(3, StageWidths[0], kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = new HeldBatchNorm2d(StageWidths[0], eps: eps, momentum: momentum);
        relu = ReLU(inplace: true);
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        var blocks = options.Layout.StageBlocks;
        layer1 = Stage(StageWidths[0], StageWidths[0], blocks[0], 1, eps, momentum);
        layer2 = Stage(StageWidths[0], StageWidths[1], blocks[1], 2, eps, momentum);
        layer3 = Stage(StageWidths[1], StageWidths[2], blocks[2], 2, eps, momentum);
        layer4 = Stage(StageWidths[2], StageWidths[3], blocks[3], 2, eps, momentum);
        avgpool = AdaptiveAvgPool2d(1);
        dropout = Dropout(options.Dropout);
        if (options.NumClasses > 0)
        {
            fc = Linear(FeatureDimension, options.NumClasses);
        }

        RegisterComponents();
        InitializeLikeTorchVision();
    }

    /// <summary>A network with this layout and head and default BatchNorm settings.</summary>
    public ResNet(ResNetLayout layout, int numClasses)
        : this(new ResNetOptions { Layout = layout, NumClasses = numClasses })
    {
    }

    public ResNetOptions Options { get; }

    /// <summary>Channels of <see cref="Pyramid"/>'s C3, C4, C5.</summary>
    public static (int C3, int C4, int C5) PyramidChannels => (StageWidths[1], StageWidths[2], StageWidths[3]);

    /// <summary>Strides (input pixels per cell) of <see cref="Pyramid"/>'s C3, C4, C5.</summary>
    public static (int C3, int C4, int C5) PyramidStrides => (8, 16, 32);

    /// <summary>Logits [N, NumClasses], or the pooled features [N, 512] when the network has no head.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var features = PooledFeatures(input);
        var output = fc is null ? features : fc.call(dropout.call(features));
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Globally average-pooled layer4 output, [N, 512], whether or not there is a head.</summary>
    public Tensor Features(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return PooledFeatures(input).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Outputs of layer2, layer3 and layer4 (strides 8, 16, 32; 128, 256 and 512 channels) for a detector's neck.
    /// The caller owns (disposes) all three.
    /// </summary>
    public (Tensor C3, Tensor C4, Tensor C5) Pyramid(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var c2 = layer1.call(Stem(input));
        var c3 = layer2.call(c2);
        var c4 = layer3.call(c3);
        var c5 = layer4.call(c4);
        return (c3.MoveToOuterDisposeScope(), c4.MoveToOuterDisposeScope(), c5.MoveToOuterDisposeScope());
    }

    /// <summary>The eval-mode forward as ONNX: logits, or the pooled features without a head (dropout is the identity).</summary>
    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var x = ExportStages(graph, input)[^1];
        var pooled = graph.Node("Flatten", [graph.Node("GlobalAveragePool", [x], "avgpool")], "flatten", OnnxAttributes.Int("axis", 1));
        return fc is null ? pooled : OnnxLayers.Linear(graph, fc, pooled, nameof(fc));
    }

    /// <summary><see cref="Pyramid"/> as ONNX: the outputs of layer2, layer3 and layer4.</summary>
    public (string C3, string C4, string C5) ExportPyramid(OnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var outputs = ExportStages(graph, input);
        return (outputs[1], outputs[2], outputs[3]);
    }

    private Tensor Stem(Tensor input) => maxpool.call(relu.call(bn1.call(conv1.call(input))));

    private Tensor PooledFeatures(Tensor input)
    {
        var x = layer4.call(layer3.call(layer2.call(layer1.call(Stem(input)))));
        return avgpool.call(x).flatten(1);
    }

    // The stem, then each stage's output in turn; field names scope the graph's names as they key the state_dict.
    private string[] ExportStages(OnnxGraphBuilder graph, string input)
    {
        Sequential[] stages = [layer1, layer2, layer3, layer4];
        var x = OnnxLayers.Relu(graph, OnnxLayers.Conv(graph, conv1, bn1, input, nameof(conv1)));
        x = OnnxLayers.MaxPool(graph, maxpool, x);
        var outputs = new string[stages.Length];
        for (var i = 0; i < stages.Length; i++)
        {
            using (graph.Scope($"layer{i + 1}"))
            {
                x = outputs[i] = OnnxLayers.Sequential(graph, stages[i], x);
            }
        }

        return outputs;
    }

    private static Sequential Stage(int inChannels, int outChannels, int blocks, int stride, double eps, double momentum)
    {
        var stage = Sequential();
        stage.append(new BasicBlock(inChannels, outChannels, stride, eps, momentum));
        for (var i = 1; i < blocks; i++)
        {
            stage.append(new BasicBlock(outChannels, outChannels, 1, eps, momentum));
        }

        return stage;
    }

    // torchvision's from-scratch initialisation: He-normal (fan_out, ReLU) convolutions, BN weight 1 and bias 0;
    // the head keeps PyTorch's default Linear initialisation.
    private void InitializeLikeTorchVision()
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight!, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    break;
                case BatchNorm bn:
                    init.ones_(bn.weight!);
                    init.zeros_(bn.bias!);
                    break;
            }
        }
    }
}
