using Fracture.Core.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Inference;

/// <summary>
/// Detectors: output [N, 4 + C, A] (cx, cy, w, h in input pixels, then per-class scores), decoded as Ultralytics
/// predicts (each anchor's best class, confidence filter, class-aware NMS), or end-to-end rows [N, max_det, 6] read
/// above the confidence (<see cref="BoxOutputReader"/>); boxes mapped back to the image; with
/// <see cref="PredictSettings.FlipFusion"/> the mirrored run's boxes fused in.
/// </summary>
internal sealed class DetectPredictor : Predictor
{
    public DetectPredictor(string path, InferenceSession session, SessionOptions sessionOptions, ModelMetadata metadata, ModelSignature signature)
        : base(path, session, sessionOptions, metadata, signature)
    {
    }

    private protected override ImagePrediction Decode(IReadOnlyList<OrtValue> outputs, IReadOnlyList<OrtValue>? mirrored, int index, InputGeometry geometry, PredictSettings settings, CancellationToken cancellation)
    {
        var block = Slice(outputs[0], index, 3, out var shape);
        var boxes = mirrored is null
            ? Boxes.Decode(block, shape, 0, settings).Select(k => k.Detection)
            : Boxes.DecodeFused(block, Slice(mirrored[0], index, 3, out _), shape, 0, settings, out _).Select(f => f.Box);
        var findings = boxes.Select(b => ToFinding(b, geometry)).Where(HasArea).ToArray();
        return new ImagePrediction(ModelTask.Detect, geometry.FileWidth, geometry.FileHeight, findings);
    }
}
