using Fracture.Core.Detection;
using Fracture.Core.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Inference;

/// <summary>
/// Detectors: output [N, 4 + C, A] (cx, cy, w, h in input pixels, then per-class scores), decoded as Ultralytics
/// predicts (each anchor's best class, confidence filter, class-aware NMS), boxes mapped back to the image.
/// </summary>
internal sealed class DetectPredictor : Predictor
{
    public DetectPredictor(string path, InferenceSession session, SessionOptions sessionOptions, ModelMetadata metadata, ModelSignature signature)
        : base(path, session, sessionOptions, metadata, signature)
    {
    }

    private protected override ImagePrediction Decode(IReadOnlyList<OrtValue> outputs, int index, InputGeometry geometry, PredictSettings settings)
    {
        var classes = Metadata.Names.Count;
        var block = Slice(outputs[0], index, 3, out var shape);
        if (shape[1] != 4 + classes)
        {
            throw new ModelFormatException(Path, $"output came back as {ModelSignature.Describe(shape)}; with {classes} class names it must be [N, {4 + classes}, anchors]");
        }

        var kept = YoloOutputDecoder.Decode(
            block, classes, (int)shape[2], ConfidenceOf(settings), settings.Iou, settings.MaxDetections, multiLabel: false, InputWidth, InputHeight);
        var findings = kept.Select(k => new Finding(k.ClassId, Metadata.Names[k.ClassId], k.Score, geometry.ToFile(k.Box))).ToArray();
        return new ImagePrediction(ModelTask.Detect, geometry.FileWidth, geometry.FileHeight, findings);
    }
}
