using System.Globalization;
using Fracture.Core.Augmentation;
using Fracture.Core.Detection;
using Fracture.Core.Geometry;
using Fracture.Core.Metrics;
using Fracture.Core.Models;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Inference;

/// <summary>
/// Reads one image's box output, in either layout (<see cref="BoxLayout"/>), into kept boxes in input pixels, checked
/// before they are believed. Anchor columns are decoded as Ultralytics predicts (<see cref="YoloOutputDecoder"/>: each
/// anchor's best class above the confidence, class-aware NMS). End-to-end rows are read as Ultralytics reads them: the
/// rows scoring above the confidence, at most max_det, and no NMS, the model having done it (so the call's IoU does not
/// apply). Either way each kept box remembers where it came from (its anchor or row), for its mask coefficients.
/// </summary>
internal sealed class BoxOutputReader(string path, ModelMetadata metadata, ModelSignature signature)
{
    /// <summary>
    /// One image's block: anchor columns [4 + C + <paramref name="extraRows"/>, A] or rows [max_det, 6 + <paramref name="extraRows"/>],
    /// above the call's confidence (else the model's threshold, else 0.25).
    /// </summary>
    public AnchorDetection[] Decode(ReadOnlySpan<float> block, long[] shape, int extraRows, PredictSettings settings) =>
        signature.EndToEnd ? DecodeRows(block, shape, extraRows, settings) : DecodeColumns(block, shape, extraRows, settings);

    /// <summary>
    /// <see cref="PredictSettings.FlipFusion"/>'s boxes: each view's block decoded as <see cref="Decode"/> does,
    /// the mirrored view's boxes mapped back (x to input width - x), then fused, and the fused boxes above the call's
    /// confidence kept. <paramref name="views"/>: each view's kept boxes, which <see cref="FusedBox.Members"/> index.
    /// </summary>
    public FusedBox[] DecodeFused(
        ReadOnlySpan<float> block, ReadOnlySpan<float> mirroredBlock, long[] shape, int extraRows, PredictSettings settings, out AnchorDetection[][] views)
    {
        var back = AffineTransform.HorizontalFlip(signature.Width);
        var straight = Decode(block, shape, extraRows, settings);
        var mirrored = Decode(mirroredBlock, shape, extraRows, settings)
            .Select(k => k with { Detection = k.Detection with { Box = back.Apply(k.Detection.Box) } })
            .ToArray();
        views = [straight, mirrored];

        // The call's confidence bounds the fused scores too: a box one view alone saw needs twice it.
        var confidence = ConfidenceFor(settings);
        return [.. WeightedBoxFusion.Fuse([straight.Select(k => k.Detection).ToArray(), mirrored.Select(k => k.Detection).ToArray()])
            .Where(f => f.Box.Score > confidence)
            .Take(settings.MaxDetections)];
    }

    /// <summary>The mask coefficients of the box kept from anchor or row <paramref name="source"/>: the values after its box and scores.</summary>
    public void ReadCoefficients(ReadOnlySpan<float> block, long[] shape, int source, float[] coefficients)
    {
        if (signature.EndToEnd)
        {
            block.Slice((source * (int)shape[2]) + BoxLayout.RowWidth, coefficients.Length).CopyTo(coefficients);
            return;
        }

        var (rows, anchors) = (4 + metadata.Names.Count, (int)shape[2]);
        for (var m = 0; m < coefficients.Length; m++)
        {
            coefficients[m] = block[((rows + m) * anchors) + source];
        }
    }

    /// <summary>The lowest score a call keeps: its own, else the model's threshold, else Ultralytics' default.</summary>
    private double ConfidenceFor(PredictSettings settings) => settings.Confidence ?? metadata.Threshold ?? PredictSettings.DefaultConfidence;

    private AnchorDetection[] DecodeColumns(ReadOnlySpan<float> block, long[] shape, int extraRows, PredictSettings settings)
    {
        var classes = metadata.Names.Count;
        if (shape[1] != 4 + classes + extraRows)
        {
            var masks = extraRows > 0 ? $" and {extraRows} mask coefficients" : string.Empty;
            throw new ModelFormatException(path, $"output came back as {ModelSignature.Describe(shape)}; with {classes} class names{masks} it must be [N, {4 + classes + extraRows}, anchors]");
        }

        if (OutputChecks.FirstNonProbability(block.Slice(4 * (int)shape[2], classes * (int)shape[2])) is { } score)
        {
            throw new ModelFormatException(path, $"output {ModelSignature.Describe(shape)} holds a class score of {G4(score)}; the class rows of a YOLOv8/YOLO11 box output are sigmoid scores in 0..1 (a layout this reader does not know, or a broken quantisation of the file?)");
        }

        return YoloOutputDecoder.DecodeAnchors(
            block, classes, extraRows, (int)shape[2], ConfidenceFor(settings), settings.Iou, settings.MaxDetections, settings.MultiLabel, signature.Width, signature.Height);
    }

    /// <summary>
    /// Rows x1, y1, x2, y2, score, class id (+ coefficients), best first. Past the model's detections come zeros (an
    /// <c>nms=True</c> export pads to max_det) or its lowest-scoring anchors (YOLO26 and YOLOv10 keep the top max_det):
    /// the confidence drops both, and a zero score is never a detection.
    /// </summary>
    private AnchorDetection[] DecodeRows(ReadOnlySpan<float> block, long[] shape, int extraRows, PredictSettings settings)
    {
        var (count, width, classes) = ((int)shape[1], (int)shape[2], metadata.Names.Count);
        if (width != BoxLayout.RowWidth + extraRows)
        {
            var masks = extraRows > 0 ? $" + {extraRows} mask coefficients" : string.Empty;
            throw new ModelFormatException(path, $"output came back as {ModelSignature.Describe(shape)}; an end-to-end output is [N, max_det, {BoxLayout.RowWidth}{masks}]");
        }

        var confidence = ConfidenceFor(settings);
        var kept = new List<AnchorDetection>();
        for (var r = 0; r < count; r++)
        {
            var row = block.Slice(r * width, width);
            var (score, classId) = (row[4], row[5]);

            // A score outside 0..1 or a class that is not one of the names: not this layout, or a broken file.
            if (OutputChecks.FirstNonProbability([score]) is not null || !(MathF.Abs(classId - MathF.Round(classId)) <= OutputChecks.ScoreTolerance && classId > -0.5f && classId < classes - 0.5f))
            {
                throw new ModelFormatException(path, $"output {ModelSignature.Describe(shape)} row {r} has score {G4(score)} and class {G4(classId)}; an end-to-end row's score lies in 0..1 and its class is one of the {classes} class ids");
            }

            if (score > confidence && score > 0)
            {
                var box = new PixelBox(row[0], row[1], row[2], row[3]).ClippedTo(signature.Width, signature.Height);
                kept.Add(new AnchorDetection(new ScoredBox(box, score, (int)MathF.Round(classId)), r));
            }
        }

        // Both kinds of export sort their rows best first; sorted again (stably) so --max-det keeps the best.
        return [.. kept.OrderByDescending(k => k.Detection.Score).Take(settings.MaxDetections)];
    }

    private static string G4(float value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
