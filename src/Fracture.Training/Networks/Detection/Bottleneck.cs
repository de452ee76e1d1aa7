using Fracture.Training.Engine;
using Fracture.Training.Export;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Detection;

/// <summary>Two 3x3 <see cref="ConvBnSiLU"/>s, plus the input when <c>shortcut</c> is set and the widths agree.</summary>
public sealed class Bottleneck : Module<Tensor, Tensor>, IOnnxExportable<string, string>
{
    private readonly ConvBnSiLU cv1;
    private readonly ConvBnSiLU cv2;
    private readonly bool _add;

    public Bottleneck(long inChannels, long outChannels, bool shortcut)
        : base(nameof(Bottleneck))
    {
        cv1 = new ConvBnSiLU(inChannels, outChannels, 3);
        cv2 = new ConvBnSiLU(outChannels, outChannels, 3);
        _add = shortcut && inChannels == outChannels;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var output = cv2.call(cv1.call(input));
        return (_add ? input.Plus(output) : output).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string output;
        using (graph.Scope(nameof(cv1)))
        {
            output = cv1.ExportOnnx(graph, input);
        }

        using (graph.Scope(nameof(cv2)))
        {
            output = cv2.ExportOnnx(graph, output);
        }

        return _add ? graph.Node("Add", [input, output]) : output;
    }
}
