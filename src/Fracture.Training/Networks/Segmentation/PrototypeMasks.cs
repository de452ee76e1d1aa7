using Fracture.Training.Export;
using Fracture.Training.Networks.Detection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Segmentation;

/// <summary>
/// YOLOv8-seg's prototype branch on the neck's finest level P3 (stride 8): 3x3 conv, 2x upsampling, 3x3 conv, 1x1 conv
/// to M prototype masks at stride 4 ([B, M, H/4, W/4]). An instance's mask is sigmoid(its coefficients . prototypes).
/// Upsampling is nearest (Ultralytics uses a learnt 2x2 transposed convolution): the 3x3 conv after it smooths just
/// as well here, and nearest upsampling exports as the same Resize node the neck already uses.
/// </summary>
public sealed class PrototypeMasks : Module<Tensor, Tensor>, IOnnxExportable<string, string>
{
    private readonly Sequential layers;

    public PrototypeMasks(int inputs, int width, int masks)
        : base(nameof(PrototypeMasks))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(masks, 1);
        Masks = masks;
        layers = Sequential(
            new ConvBnSiLU(inputs, width, 3),
            Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest),
            new ConvBnSiLU(width, width, 3),
            new ConvBnSiLU(width, masks, 1));
        RegisterComponents();
    }

    public int Masks { get; }

    /// <summary>Prototypes are at a quarter of the input's resolution.</summary>
    public const int Stride = 4;

    public override Tensor forward(Tensor input) => layers.call(input);

    public string ExportOnnx(OnnxGraphBuilder graph, string input) => OnnxLayers.Sequential(graph, layers, input);
}
