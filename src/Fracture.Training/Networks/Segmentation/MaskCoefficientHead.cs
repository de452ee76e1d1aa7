using Fracture.Training.Export;
using Fracture.Training.Networks.Detection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Segmentation;

/// <summary>
/// YOLOv8-seg's third head branch: per level two 3x3 convs and a 1x1 conv to one coefficient per prototype mask, for
/// every anchor. Output [B, M, A] with levels concatenated in the order of <see cref="DetectHead"/>, so anchor a's
/// coefficients sit in the same column as its box and classes.
/// </summary>
public sealed class MaskCoefficientHead : Module<(Tensor P3, Tensor P4, Tensor P5), Tensor>, IOnnxExportable<(string P3, string P4, string P5), string>
{
    private readonly ModuleList<Sequential> branches;

    public MaskCoefficientHead((int P3, int P4, int P5) widths, int masks)
        : base(nameof(MaskCoefficientHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(masks, 1);
        Masks = masks;

        // Ultralytics' width: a quarter of P3's channels, at least the number of masks.
        var width = Math.Max(widths.P3 / 4, masks);
        int[] inputs = [widths.P3, widths.P4, widths.P5];
        branches = new ModuleList<Sequential>([.. inputs.Select(c => Sequential(
            new ConvBnSiLU(c, width, 3), new ConvBnSiLU(width, width, 3), Conv2d(width, masks, 1)))]);
        RegisterComponents();
    }

    public int Masks { get; }

    public override Tensor forward((Tensor P3, Tensor P4, Tensor P5) input)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] levels = [input.P3, input.P4, input.P5];
        return cat([.. levels.Select((level, i) => branches[i].call(level).flatten(2))], 2).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraphBuilder graph, (string P3, string P4, string P5) input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string[] levels = [input.P3, input.P4, input.P5];
        var flat = graph.Shape("flat_shape", 0, Masks, -1);
        var outputs = new List<string>();
        for (var i = 0; i < levels.Length; i++)
        {
            using (graph.Scope($"{nameof(branches)}.{i}"))
            {
                outputs.Add(graph.Node("Reshape", [OnnxLayers.Sequential(graph, branches[i], levels[i]), flat], "flatten"));
            }
        }

        return graph.Node("Concat", outputs, "coefficients", OnnxAttributes.Int("axis", 2));
    }
}
