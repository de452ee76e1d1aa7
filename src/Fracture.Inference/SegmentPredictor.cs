using Fracture.Core.Detection;
using Fracture.Core.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Inference;

/// <summary>
/// Segmenters: boxes as a detector's from [N, 4 + C + M, A], plus for each kept box an outline of its mask, built
/// from its M coefficients and the prototypes [N, M, h, w] (see <see cref="MaskDecoder"/>).
/// </summary>
internal sealed class SegmentPredictor : Predictor
{
    public SegmentPredictor(string path, InferenceSession session, SessionOptions sessionOptions, ModelMetadata metadata, ModelSignature signature)
        : base(path, session, sessionOptions, metadata, signature)
    {
    }

    private protected override ImagePrediction Decode(IReadOnlyList<OrtValue> outputs, int index, InputGeometry geometry, PredictSettings settings)
    {
        var classes = Metadata.Names.Count;
        var block = Slice(outputs[0], index, 3, out var shape);
        var protos = Slice(outputs[1], index, 4, out var protoShape);
        var masks = (int)protoShape[1];
        if (shape[1] != 4 + classes + masks)
        {
            throw new ModelFormatException(
                Path, $"outputs came back as {ModelSignature.Describe(shape)} and {ModelSignature.Describe(protoShape)}; with {classes} class names they must be [N, {4 + classes} + masks, anchors] and [N, masks, h, w]");
        }

        var anchors = (int)shape[2];
        var kept = YoloOutputDecoder.DecodeAnchors(
            block, classes, masks, anchors, ConfidenceOf(settings), settings.Iou, settings.MaxDetections, multiLabel: false, InputWidth, InputHeight);
        var decoder = new MaskDecoder(masks, (int)protoShape[2], (int)protoShape[3], geometry);
        var coefficients = new float[masks];
        var findings = new Finding[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            var (detection, anchor) = kept[i];
            for (var m = 0; m < masks; m++)
            {
                coefficients[m] = block[((4 + classes + m) * anchors) + anchor];
            }

            var outline = decoder.Outline(protos, coefficients, detection.Box);
            findings[i] = new Finding(detection.ClassId, Metadata.Names[detection.ClassId], detection.Score, geometry.ToFile(detection.Box), outline);
        }

        return new ImagePrediction(ModelTask.Segment, geometry.FileWidth, geometry.FileHeight, findings);
    }
}
