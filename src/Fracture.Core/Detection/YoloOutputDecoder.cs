using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Detection;

/// <summary>
/// Turns one image's YOLOv8-layout output [4 + C, A] (row-major: cx, cy, w, h rows in input pixels, then one row of
/// class probabilities per class) into final boxes: confidence filter, a cap on candidates, class-aware NMS on the
/// boxes as predicted, then clipping to the canvas (Ultralytics' order: boxes reaching past the edge overlap less
/// than their clipped parts, so clipping first would suppress boxes that Ultralytics keeps). Our
/// detector and Ultralytics' exports share the layout, so validation, prediction and the server all decode here;
/// segmenters add rows of mask coefficients after the class rows (<see cref="DecodeAnchors"/>).
/// </summary>
public static class YoloOutputDecoder
{
    /// <param name="output">The [4 + classes, anchors] block of one image.</param>
    /// <param name="multiLabel">
    /// Every class above the threshold makes a candidate (as Ultralytics validates, for the best mAP); otherwise only
    /// each anchor's best class (as it predicts, for fewer duplicates).
    /// </param>
    /// <param name="maxCandidates">Highest-scoring candidates kept for NMS (Ultralytics: 30000), bounding NMS time.</param>
    /// <returns>Kept boxes, highest score first, in input pixels clipped to <paramref name="width"/> x <paramref name="height"/>.</returns>
    public static ScoredBox[] Decode(
        ReadOnlySpan<float> output,
        int classes,
        int anchors,
        double confidence,
        double iouThreshold,
        int maxDetections,
        bool multiLabel,
        int width,
        int height,
        int maxCandidates = 30_000)
    {
        var kept = DecodeAnchors(output, classes, 0, anchors, confidence, iouThreshold, maxDetections, multiLabel, width, height, maxCandidates);
        return [.. kept.Select(k => k.Detection)];
    }

    /// <summary>
    /// As <see cref="Decode"/> for a block with <paramref name="extraRows"/> more rows after the class scores (a
    /// segmenter's [4 + classes + mask coefficients, anchors] block), also telling which anchor each kept box came from.
    /// </summary>
    public static AnchorDetection[] DecodeAnchors(
        ReadOnlySpan<float> output,
        int classes,
        int extraRows,
        int anchors,
        double confidence,
        double iouThreshold,
        int maxDetections,
        bool multiLabel,
        int width,
        int height,
        int maxCandidates = 30_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(extraRows);
        ArgumentOutOfRangeException.ThrowIfNegative(anchors);
        var rows = 4 + classes + extraRows;
        if (output.Length != rows * anchors)
        {
            throw new ArgumentException($"expected {rows * anchors} values ([{rows}, {anchors}]), got {output.Length}", nameof(output));
        }

        var candidates = new List<AnchorDetection>();
        for (var a = 0; a < anchors; a++)
        {
            if (multiLabel)
            {
                for (var c = 0; c < classes; c++)
                {
                    var score = output[((4 + c) * anchors) + a];
                    if (score > confidence)
                    {
                        candidates.Add(new AnchorDetection(new ScoredBox(BoxAt(output, anchors, a), score, c), a));
                    }
                }
            }
            else
            {
                var best = 0;
                for (var c = 1; c < classes; c++)
                {
                    if (output[((4 + c) * anchors) + a] > output[((4 + best) * anchors) + a])
                    {
                        best = c;
                    }
                }

                var score = output[((4 + best) * anchors) + a];
                if (score > confidence)
                {
                    candidates.Add(new AnchorDetection(new ScoredBox(BoxAt(output, anchors, a), score, best), a));
                }
            }
        }

        if (candidates.Count > maxCandidates)
        {
            // Stable: equal scores keep anchor order, so results do not depend on the sort's whims.
            candidates = [.. candidates.Select((box, i) => (box, i)).OrderByDescending(t => t.box.Detection.Score).ThenBy(t => t.i).Take(maxCandidates).Select(t => t.box)];
        }

        var kept = NonMaxSuppression.Apply(candidates, c => c.Detection, iouThreshold, maxDetections);
        return [.. kept.Select(i => candidates[i]).Select(k => k with { Detection = k.Detection with { Box = k.Detection.Box.ClippedTo(width, height) } })];
    }

    private static PixelBox BoxAt(ReadOnlySpan<float> output, int anchors, int a)
    {
        double cx = output[a], cy = output[anchors + a], w = output[(2 * anchors) + a], h = output[(3 * anchors) + a];
        return new PixelBox(cx - (w / 2), cy - (h / 2), cx + (w / 2), cy + (h / 2));
    }
}
