using Fracture.Training.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Detection;

/// <summary>
/// YOLOv8's PAN-FPN neck over a backbone's C3/C4/C5 (strides 8/16/32): top-down (upsample C5, join C4, C2f; upsample,
/// join C3, C2f → P3), then bottom-up (3x3/2 conv, join the top-down P4, C2f → P4; again with C5 → P5). Coarse
/// context reaches the fine level and fine detail the coarse ones, which matters for small fracture lines.
/// </summary>
public sealed class PanNeck : Module<(Tensor C3, Tensor C4, Tensor C5), (Tensor P3, Tensor P4, Tensor P5)>, IOnnxExportable<(string C3, string C4, string C5), (string P3, string P4, string P5)>
{
    private readonly Upsample up;
    private readonly C2f top4;
    private readonly C2f top3;
    private readonly ConvBnSiLU down3;
    private readonly C2f bottom4;
    private readonly ConvBnSiLU down4;
    private readonly C2f bottom5;

    /// <param name="inputs">Channels of C3, C4, C5.</param>
    /// <param name="widths">Channels of P3, P4, P5.</param>
    public PanNeck((int C3, int C4, int C5) inputs, (int P3, int P4, int P5) widths)
        : base(nameof(PanNeck))
    {
        Widths = widths;
        up = Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest);
        top4 = new C2f(inputs.C5 + inputs.C4, widths.P4);
        top3 = new C2f(widths.P4 + inputs.C3, widths.P3);
        down3 = new ConvBnSiLU(widths.P3, widths.P3, 3, 2);
        bottom4 = new C2f(widths.P3 + widths.P4, widths.P4);
        down4 = new ConvBnSiLU(widths.P4, widths.P4, 3, 2);
        bottom5 = new C2f(widths.P4 + inputs.C5, widths.P5);
        RegisterComponents();
    }

    public (int P3, int P4, int P5) Widths { get; }

    public override (Tensor P3, Tensor P4, Tensor P5) forward((Tensor C3, Tensor C4, Tensor C5) input)
    {
        using var scope = torch.NewDisposeScope();
        var (c3, c4, c5) = input;
        var t4 = top4.call(cat([up.call(c5), c4], 1));
        var p3 = top3.call(cat([up.call(t4), c3], 1));
        var p4 = bottom4.call(cat([down3.call(p3), t4], 1));
        var p5 = bottom5.call(cat([down4.call(p4), c5], 1));
        return (p3.MoveToOuterDisposeScope(), p4.MoveToOuterDisposeScope(), p5.MoveToOuterDisposeScope());
    }

    public (string P3, string P4, string P5) ExportOnnx(OnnxGraphBuilder graph, (string C3, string C4, string C5) input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (c3, c4, c5) = input;
        var t4 = Block(graph, top4, nameof(top4), Join(graph, OnnxLayers.Upsample(graph, up, c5, nameof(up)), c4));
        var p3 = Block(graph, top3, nameof(top3), Join(graph, OnnxLayers.Upsample(graph, up, t4, nameof(up)), c3));
        var p4 = Block(graph, bottom4, nameof(bottom4), Join(graph, Block(graph, down3, nameof(down3), p3), t4));
        var p5 = Block(graph, bottom5, nameof(bottom5), Join(graph, Block(graph, down4, nameof(down4), p4), c5));
        return (p3, p4, p5);
    }

    private static string Block(OnnxGraphBuilder graph, IOnnxExportable<string, string> block, string name, string input)
    {
        using var scope = graph.Scope(name);
        return block.ExportOnnx(graph, input);
    }

    private static string Join(OnnxGraphBuilder graph, string first, string second) =>
        graph.Node("Concat", [first, second], "concat", OnnxAttributes.Int("axis", 1));
}
