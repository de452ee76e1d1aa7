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

    private protected override ImagePrediction Decode(IReadOnlyList<OrtValue> outputs, int index, InputGeometry geometry, PredictSettings settings, CancellationToken cancellation)
    {
        var block = Slice(outputs[0], index, 3, out var shape);
        var protos = Slice(outputs[1], index, 4, out var protoShape);
        var masks = (int)protoShape[1];
        var kept = DecodeBoxes(block, shape, masks, settings);
        var (rows, anchors) = (4 + Metadata.Names.Count, (int)shape[2]);
        var decoder = new MaskDecoder(masks, (int)protoShape[2], (int)protoShape[3], geometry);
        var coefficients = new float[masks];
        var findings = new List<Finding>(kept.Length);
        for (var i = 0; i < kept.Length; i++)
        {
            // A mask over a large image costs about as much as a model run: a cancelled call stops between them.
            cancellation.ThrowIfCancellationRequested();
            var (detection, anchor) = kept[i];
            var finding = ToFinding(detection, geometry);
            if (!HasArea(finding))
            {
                continue;
            }

            for (var m = 0; m < masks; m++)
            {
                coefficients[m] = block[((rows + m) * anchors) + anchor];
            }

            findings.Add(finding with { Polygon = decoder.Outline(protos, coefficients, detection.Box) });
        }

        return new ImagePrediction(ModelTask.Segment, geometry.FileWidth, geometry.FileHeight, [.. findings]);
    }
}
