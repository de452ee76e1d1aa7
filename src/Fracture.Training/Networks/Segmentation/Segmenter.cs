using Fracture.Training.Export;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Tasks.Detect;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Fracture.Training.Networks.Segmentation;

/// <summary>
/// The fracture segmenter, YOLOv8-seg's way: the <see cref="Detector"/>'s backbone, neck and head (same modules, same
/// field names, so a detector checkpoint initialises them), plus <see cref="MaskCoefficientHead"/> beside the head
/// and <see cref="PrototypeMasks"/> on P3. Eval output is Ultralytics' export layout: detections [B, 4 + C + M, A]
/// (cx, cy, w, h in input pixels, class probabilities, mask coefficients) and prototypes [B, M, H/4, W/4].
/// </summary>
public sealed class Segmenter : Module<Tensor, Tensor>, IOnnxExportable<string, (string Detections, string Prototypes)>
{
    private readonly ResNet backbone;
    private readonly PanNeck neck;
    private readonly DetectHead head;
    private readonly MaskCoefficientHead coefficients;
    private readonly PrototypeMasks prototypes;
    private readonly DetectionLoss _decoder;

    /// <param name="backbone">A ResNet without a classification head (its <see cref="ResNet.Pyramid"/> is used).</param>
    public Segmenter(ResNet backbone, DetectorOptions options, int masks = 32, int prototypeWidth = 64)
        : base(nameof(Segmenter))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        this.backbone = backbone;
        neck = new PanNeck(ResNet.PyramidChannels, options.NeckWidths);
        head = new DetectHead(options.NeckWidths, options.Classes, options.RegMax, options.Strides);
        coefficients = new MaskCoefficientHead(options.NeckWidths, masks);
        prototypes = new PrototypeMasks(options.NeckWidths.P3, prototypeWidth, masks);
        _decoder = new DetectionLoss(Detector.LossOptions(options));
        RegisterComponents();
    }

    public DetectorOptions Options { get; }

    public int Masks => coefficients.Masks;

    /// <summary>
    /// Training view: the detect head's raw output [B, 4 x RegMax + C, A] for the box and class losses, mask
    /// coefficients [B, M, A], prototypes [B, M, H/4, W/4].
    /// </summary>
    public (Tensor Raw, Tensor Coefficients, Tensor Prototypes) Heads(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var levels = neck.call(backbone.Pyramid(input));
        var raw = head.call(levels);
        var coefficients = this.coefficients.call(levels);
        var protos = prototypes.call(levels.P3);
        return (raw.MoveToOuterDisposeScope(), coefficients.MoveToOuterDisposeScope(), protos.MoveToOuterDisposeScope());
    }

    /// <summary>Eval view, the export layout: detections [B, 4 + C + M, A] and prototypes [B, M, H/4, W/4].</summary>
    public (Tensor Detections, Tensor Prototypes) Predict(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var (raw, coefficients, protos) = Heads(input);
        var boxes = _decoder.Decode(raw, (int)input.shape[2], (int)input.shape[3]);
        return (cat([boxes, coefficients], 1).MoveToOuterDisposeScope(), protos.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// One tensor for generic callers: in training the raw head output with the coefficients appended
    /// [B, 4 x RegMax + C + M, A]; in eval the detections of <see cref="Predict"/> (prototypes left out).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        if (training)
        {
            var (raw, coefficients, _) = Heads(input);
            return cat([raw, coefficients], 1).MoveToOuterDisposeScope();
        }

        return Predict(input).Detections.MoveToOuterDisposeScope();
    }

    /// <summary>The eval-mode outputs as ONNX, decoded as <see cref="Predict"/> does.</summary>
    public (string Detections, string Prototypes) ExportOnnx(OnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var (levels, raw) = Detector.ExportHeads(graph, backbone, neck, head, input);
        string coefficientRows, protos;
        using (graph.Scope(nameof(coefficients)))
        {
            coefficientRows = coefficients.ExportOnnx(graph, levels);
        }

        using (graph.Scope(nameof(prototypes)))
        {
            protos = prototypes.ExportOnnx(graph, levels.P3);
        }

        using (graph.Scope("decode"))
        {
            var boxes = DetectionDecodeGraph.Emit(graph, raw, input, _decoder.Options);
            return (graph.Node("Concat", [boxes, coefficientRows], "detections", OnnxAttributes.Int("axis", 1)), protos);
        }
    }
}
