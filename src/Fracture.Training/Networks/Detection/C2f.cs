using Fracture.Training.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Detection;

/// <summary>
/// YOLOv8's C2f block: a 1x1 conv to 2c channels split in halves, <c>n</c> <see cref="Bottleneck"/>s chained on the
/// second half, every intermediate output concatenated and mixed by a 1x1 conv. Many gradient paths for little compute.
/// </summary>
public sealed class C2f : Module<Tensor, Tensor>, IOnnxExportable<string, string>
{
    private readonly ConvBnSiLU cv1;
    private readonly ConvBnSiLU cv2;
    private readonly ModuleList<Bottleneck> m;
    private readonly long _hidden;

    public C2f(long inChannels, long outChannels, int n = 1, bool shortcut = false)
        : base(nameof(C2f))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _hidden = outChannels / 2;
        cv1 = new ConvBnSiLU(inChannels, 2 * _hidden);
        cv2 = new ConvBnSiLU((2 + n) * _hidden, outChannels);
        m = new ModuleList<Bottleneck>([.. Enumerable.Range(0, n).Select(_ => new Bottleneck(_hidden, _hidden, shortcut))]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var halves = cv1.call(input).split(_hidden, 1);
        var parts = new List<Tensor>(halves);
        var last = halves[1];
        foreach (var block in m)
        {
            last = block.call(last);
            parts.Add(last);
        }

        return cv2.call(cat(parts, 1)).MoveToOuterDisposeScope();
    }

    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        string mixed;
        using (graph.Scope(nameof(cv1)))
        {
            mixed = cv1.ExportOnnx(graph, input);
        }

        var halves = graph.Node("Split", [mixed, graph.Shape("split", _hidden, _hidden)], 2, "split", OnnxAttributes.Int("axis", 1));
        var parts = new List<string>(halves);
        var last = halves[1];
        for (var i = 0; i < m.Count; i++)
        {
            using (graph.Scope($"{nameof(m)}.{i}"))
            {
                last = m[i].ExportOnnx(graph, last);
            }

            parts.Add(last);
        }

        using (graph.Scope(nameof(cv2)))
        {
            return cv2.ExportOnnx(graph, graph.Node("Concat", parts, "concat", OnnxAttributes.Int("axis", 1)));
        }
    }
}
