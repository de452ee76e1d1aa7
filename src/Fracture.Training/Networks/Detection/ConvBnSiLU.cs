using Fracture.Training.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Detection;

/// <summary>
/// YOLOv8's basic unit: convolution without bias, BatchNorm, SiLU; "same" padding for odd kernels. Field names are
/// checkpoint keys (and the names the ONNX exporter will fold BatchNorm by), hence not _camelCase.
/// </summary>
public sealed class ConvBnSiLU : Module<Tensor, Tensor>, IOnnxExportable<string, string>
{
    private readonly Conv2d conv;
    private readonly HeldBatchNorm2d bn;
    private readonly SiLU act;

    public ConvBnSiLU(long inChannels, long outChannels, long kernel = 1, long stride = 1)
        : base(nameof(ConvBnSiLU))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        conv = Conv2d(inChannels, outChannels, kernel_size: kernel, stride: stride, padding: kernel / 2, bias: false);

        // Ultralytics' epsilon (1e-3) but PyTorch's momentum (0.1, not Ultralytics' 0.03): a CPU run takes thousands,
        // not tens of thousands, of steps, and with 0.03 the running variance of quiet channels still carried the
        // initial 1 after 120 steps, enough to blank a small fracture in eval mode (DetectOverfitTests).
        bn = new HeldBatchNorm2d(outChannels, eps: 1e-3, momentum: 0.1);
        act = SiLU(inplace: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => act.call(bn.call(conv.call(input)));

    public string ExportOnnx(OnnxGraphBuilder graph, string input) =>
        OnnxLayers.SiLU(graph, OnnxLayers.Conv(graph, conv, bn, input, nameof(conv)));
}
