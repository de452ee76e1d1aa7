using Fracture.Training.Engine;
using Fracture.Training.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks;

/// <summary>
/// ResNet's basic residual block: 3x3 conv-BN-ReLU, 3x3 conv-BN, plus the input (or its 1x1-conv-BN projection when
/// the stride or width changes), then ReLU. Field names are the state_dict keys (torchvision's), hence not _camelCase.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>, IOnnxExportable<string, string>
{
    private readonly Conv2d conv1;
    private readonly HeldBatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly Conv2d conv2;
    private readonly HeldBatchNorm2d bn2;

    // Null for identity shortcuts; RegisterComponents skips it then, so no "downsample" keys appear.
    private readonly Sequential? downsample;

    public BasicBlock(long inChannels, long outChannels, long stride, double batchNormEpsilon, double batchNormMomentum)
        : base(nameof(BasicBlock))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);

        conv1 = Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = new HeldBatchNorm2d(outChannels, eps: batchNormEpsilon, momentum: batchNormMomentum);
        relu = ReLU(inplace: true);
        conv2 = Conv2d(outChannels, outChannels, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = new HeldBatchNorm2d(outChannels, eps: batchNormEpsilon, momentum: batchNormMomentum);
        if (stride != 1 || inChannels != outChannels)
        {
            downsample = Sequential(
                Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false),
                new HeldBatchNorm2d(outChannels, eps: batchNormEpsilon, momentum: batchNormMomentum));
        }

        RegisterComponents();
    }

    /// <summary>True when the shortcut is a 1x1 projection rather than the identity.</summary>
    public bool HasDownsample => downsample is not null;

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = relu.call(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        var shortcut = downsample is null ? input : downsample.call(input);

        // In place on bn2's fresh output, never on the input (the caller may still hold it, e.g. for a pyramid level).
        return x.PlusInPlace(shortcut).relu_().MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var x = OnnxLayers.Relu(graph, OnnxLayers.Conv(graph, conv1, bn1, input, nameof(conv1)));
        x = OnnxLayers.Conv(graph, conv2, bn2, x, nameof(conv2));
        string shortcut;
        if (downsample is null)
        {
            shortcut = input;
        }
        else
        {
            using (graph.Scope(nameof(downsample)))
            {
                shortcut = OnnxLayers.Sequential(graph, downsample, input);
            }
        }

        return OnnxLayers.Relu(graph, graph.Node("Add", [x, shortcut]));
    }
}
