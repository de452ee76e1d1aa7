using Fracture.Core.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Inference;

/// <summary>
/// Segmenters: boxes as a detector's from [N, 4 + C + M, A] (or end-to-end rows [N, max_det, 6 + M]), plus for each
/// kept box an outline of its mask, built from its M coefficients and the prototypes [N, M, h, w] (see
/// <see cref="MaskDecoder"/>); with
/// <see cref="PredictSettings.FlipFusion"/> the mirrored run's detections fused in.
/// </summary>
internal sealed class SegmentPredictor : Predictor
{
    public SegmentPredictor(string path, InferenceSession session, SessionOptions sessionOptions, ModelMetadata metadata, ModelSignature signature)
        : base(path, session, sessionOptions, metadata, signature)
    {
    }

    private protected override ImagePrediction Decode(IReadOnlyList<OrtValue> outputs, IReadOnlyList<OrtValue>? mirrored, int index, InputGeometry geometry, PredictSettings settings, CancellationToken cancellation)
    {
        var block = Slice(outputs[0], index, 3, out var shape);
        var protos = Slice(outputs[1], index, 4, out var protoShape);
        var masks = (int)protoShape[1];
        var decoder = new MaskDecoder(masks, (int)protoShape[2], (int)protoShape[3], geometry);
        if (mirrored is not null)
        {
            return DecodeFused(block, protos, Slice(mirrored[0], index, 3, out _), Slice(mirrored[1], index, 4, out _), shape, protoShape, decoder, settings, cancellation);
        }

        var kept = Boxes.Decode(block, shape, masks, settings);
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

            Boxes.ReadCoefficients(block, shape, anchor, coefficients);
            findings.Add(finding with { Polygon = decoder.Outline(protos, coefficients, detection.Box) });
        }

        return new ImagePrediction(ModelTask.Segment, geometry.FileWidth, geometry.FileHeight, [.. findings]);
    }

    /// <summary>
    /// <see cref="PredictSettings.FlipFusion"/>: fused boxes, each outlined from its best member's mask, a
    /// mirrored member's from the mirrored run's prototypes mirrored back (prototype cell x of a grid w wide lies under
    /// input pixels of cell w - 1 - x in the mirror image, as the grid tiles the input exactly: input = w x stride).
    /// </summary>
    private ImagePrediction DecodeFused(
        ReadOnlySpan<float> block,
        ReadOnlySpan<float> protos,
        ReadOnlySpan<float> mirroredBlock,
        ReadOnlySpan<float> mirroredProtos,
        long[] shape,
        long[] protoShape,
        MaskDecoder decoder,
        PredictSettings settings,
        CancellationToken cancellation)
    {
        var masks = (int)protoShape[1];
        var fused = Boxes.DecodeFused(block, mirroredBlock, shape, masks, settings, out var views);
        var geometry = decoder.Geometry;
        var protosBack = MirroredPlanes(mirroredProtos, (int)protoShape[3]);
        var coefficients = new float[masks];
        var findings = new List<Finding>(fused.Length);
        foreach (var box in fused)
        {
            cancellation.ThrowIfCancellationRequested();
            var finding = ToFinding(box.Box, geometry);
            if (!HasArea(finding))
            {
                continue;
            }

            // The mask of the fused box's best member (averaging both members' mask probabilities scored the same
            // on valid and test together: higher on valid, lower on test; docs/training.md, "Mirror fusion").
            var (view, member) = box.Members[0];
            Boxes.ReadCoefficients(view == 0 ? block : mirroredBlock, shape, views[view][member].Anchor, coefficients);
            var polygon = decoder.Outline(view == 0 ? protos : (ReadOnlySpan<float>)protosBack, coefficients, box.Box.Box);
            findings.Add(finding with { Polygon = polygon });
        }

        return new ImagePrediction(ModelTask.Segment, geometry.FileWidth, geometry.FileHeight, [.. findings]);
    }

    /// <summary>A copy of planes [M, h, w] with every row reversed.</summary>
    private static float[] MirroredPlanes(ReadOnlySpan<float> planes, int width)
    {
        var mirrored = planes.ToArray();
        MirrorRows(mirrored, width);
        return mirrored;
    }
}
