using Fracture.Training.Export;
using Fracture.Training.Tasks.Detect;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Detection;

/// <summary>
/// The fracture detector: a ResNet backbone's C3/C4/C5, <see cref="PanNeck"/>, <see cref="DetectHead"/>. In training
/// mode it returns the head's raw output [B, 4 x RegMax + C, A] for <see cref="DetectionLoss"/>; in eval mode the
/// decoded YOLOv8 inference layout [B, 4 + C, A] (cx, cy, w, h in input pixels, then class probabilities), the same
/// layout Ultralytics exports, so one decoder downstream serves both. Input sides must be multiples of 32.
/// </summary>
public sealed class Detector : Module<Tensor, Tensor>, IOnnxExportable<string, string>
{
    private readonly ResNet backbone;
    private readonly PanNeck neck;
    private readonly DetectHead head;
    private readonly DetectionLoss _decoder;

    /// <param name="backbone">A ResNet without a classification head (its <see cref="ResNet.Pyramid"/> is used).</param>
    public Detector(ResNet backbone, DetectorOptions options)
        : base(nameof(Detector))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        this.backbone = backbone;
        neck = new PanNeck(ResNet.PyramidChannels, options.NeckWidths);
        head = new DetectHead(options.NeckWidths, options.Classes, options.RegMax, options.Strides);
        _decoder = new DetectionLoss(LossOptions(options));
        RegisterComponents();
    }

    public DetectorOptions Options { get; }

    /// <summary>The coarsest level's stride: every input side must be a multiple of it, or the levels misalign.</summary>
    public const int MaxStride = 32;

    /// <summary>Refuses an input side off the <see cref="MaxStride"/> grid with a one-line error.</summary>
    public static void RequireImageSize(int size)
    {
        if (size % MaxStride != 0)
        {
            throw new Core.FractureException($"the detector's image size must be a multiple of {MaxStride}, not {size}");
        }
    }

    /// <summary>The loss settings that match this network's head (classes, bins, strides); gains at YOLOv8's defaults.</summary>
    public static DetectionLossOptions LossOptions(DetectorOptions options) => new()
    {
        Classes = options.Classes,
        RegMax = options.RegMax,
        Strides = options.Strides,
    };

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var raw = head.call(neck.call(backbone.Pyramid(input)));
        var output = training ? raw : _decoder.Decode(raw, (int)input.shape[2], (int)input.shape[3]);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The eval-mode forward as ONNX: [N, 4 + C, A], decoded as <see cref="DetectionLoss.Decode"/> does.</summary>
    public string ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (_, raw) = ExportHeads(graph, backbone, neck, head, input);
        using (graph.Scope("decode"))
        {
            return DetectionDecodeGraph.Emit(graph, raw, input, _decoder.Options);
        }
    }

    /// <summary>
    /// Backbone, neck and head as ONNX, scoped by their field names (the segmenter's are the same): the neck's levels
    /// and the head's raw output.
    /// </summary>
    internal static ((string P3, string P4, string P5) Levels, string Raw) ExportHeads(OnnxGraphBuilder graph, ResNet backbone, PanNeck neck, DetectHead head, string input)
    {
        (string, string, string) pyramid, levels;
        using (graph.Scope(nameof(backbone)))
        {
            pyramid = backbone.ExportPyramid(graph, input);
        }

        using (graph.Scope(nameof(neck)))
        {
            levels = neck.ExportOnnx(graph, pyramid);
        }

        using (graph.Scope(nameof(head)))
        {
            return (levels, head.ExportOnnx(graph, levels));
        }
    }
}
