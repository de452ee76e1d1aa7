using Fracture.Training.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Detection;

/// <summary>
/// YOLOv8's decoupled head: per level one branch for the box (two 3x3 convs, then a 1x1 conv to 4 x RegMax distance
/// bins) and one for the classes (two 3x3 convs, then a 1x1 conv to C logits). Output: the raw [B, 4 x RegMax + C, A]
/// with levels concatenated (P3, P4, P5; row-major within a level), the layout <c>DetectionLoss</c> reads.
/// </summary>
public sealed class DetectHead : Module<(Tensor P3, Tensor P4, Tensor P5), Tensor>, IOnnxExportable<(string P3, string P4, string P5), string>
{
    private readonly ModuleList<Sequential> box;
    private readonly ModuleList<Sequential> cls;

    public DetectHead((int P3, int P4, int P5) widths, int classes, int regMax, IReadOnlyList<int> strides)
        : base(nameof(DetectHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(regMax, 1);
        Classes = classes;
        RegMax = regMax;
        int[] inputs = [widths.P3, widths.P4, widths.P5];

        // YOLOv8's branch widths: wide enough for 4 x RegMax bins, and for the classes.
        var boxWidth = Math.Max(Math.Max(16, inputs[0] / 4), regMax * 4);
        var classWidth = Math.Max(inputs[0], Math.Min(classes, 100));
        box = new ModuleList<Sequential>([.. inputs.Select(c => Sequential(
            new ConvBnSiLU(c, boxWidth, 3), new ConvBnSiLU(boxWidth, boxWidth, 3), Conv2d(boxWidth, 4 * regMax, 1)))]);
        cls = new ModuleList<Sequential>([.. inputs.Select(c => Sequential(
            new ConvBnSiLU(c, classWidth, 3), new ConvBnSiLU(classWidth, classWidth, 3), Conv2d(classWidth, classes, 1)))]);
        RegisterComponents();
        InitializeBiases(strides);
    }

    public int Classes { get; }

    public int RegMax { get; }

    public override Tensor forward((Tensor P3, Tensor P4, Tensor P5) input)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] levels = [input.P3, input.P4, input.P5];
        var outputs = new Tensor[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            outputs[i] = cat([box[i].call(levels[i]), cls[i].call(levels[i])], 1).flatten(2);
        }

        return cat(outputs, 2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// YOLOv8's prior: box bins start flat (bias 1), class logits start at about 5 objects per 640-pixel image spread
    /// over the cells and classes, so the first steps are not swamped by confident false positives.
    /// </summary>
    private void InitializeBiases(IReadOnlyList<int> strides)
    {
        using var noGrad = torch.no_grad();
        for (var i = 0; i < strides.Count; i++)
        {
            // Held through the native calls (docs/training.md, "Scalars held through native calls").
            using var one = 1.0.ToScalar();
            using var prior = Math.Log(5.0 / Classes / Math.Pow(640.0 / strides[i], 2)).ToScalar();
            ((Conv2d)box[i][2]).bias!.fill_(one);
            ((Conv2d)cls[i][2]).bias!.fill_(prior);
        }
    }

    /// <summary>The raw output [N, 4 x RegMax + C, A] as ONNX, levels concatenated as <see cref="forward"/> does.</summary>
    public string ExportOnnx(OnnxGraphBuilder graph, (string P3, string P4, string P5) input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string[] levels = [input.P3, input.P4, input.P5];
        var flat = graph.Shape("flat_shape", 0, Classes + (4 * RegMax), -1);
        var outputs = new List<string>();
        for (var i = 0; i < levels.Length; i++)
        {
            string boxes, classes;
            using (graph.Scope($"{nameof(box)}.{i}"))
            {
                boxes = OnnxLayers.Sequential(graph, box[i], levels[i]);
            }

            using (graph.Scope($"{nameof(cls)}.{i}"))
            {
                classes = OnnxLayers.Sequential(graph, cls[i], levels[i]);
            }

            var joined = graph.Node("Concat", [boxes, classes], "concat", OnnxAttributes.Int("axis", 1));
            outputs.Add(graph.Node("Reshape", [joined, flat], "flatten"));
        }

        return graph.Node("Concat", outputs, "raw", OnnxAttributes.Int("axis", 2));
    }
}
