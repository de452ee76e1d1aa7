using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Detection;

/// <summary>
/// Turns one image's YOLOv8-layout output [4 + C, A] (row-major: cx, cy, w, h rows in input pixels, then one row of
/// class probabilities per class) into final boxes: confidence filter, a cap on candidates, class-aware NMS. Our
/// detector and Ultralytics' exports share the layout, so validation, prediction and the server all decode here.
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
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(anchors);
        if (output.Length != (4 + classes) * anchors)
        {
            throw new ArgumentException($"expected {(4 + classes) * anchors} values ([{4 + classes}, {anchors}]), got {output.Length}", nameof(output));
        }

        var candidates = new List<ScoredBox>();
        for (var a = 0; a < anchors; a++)
        {
            if (multiLabel)
            {
                for (var c = 0; c < classes; c++)
                {
                    var score = output[((4 + c) * anchors) + a];
                    if (score > confidence)
                    {
                        candidates.Add(new ScoredBox(BoxAt(output, anchors, a, width, height), score, c));
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
                    candidates.Add(new ScoredBox(BoxAt(output, anchors, a, width, height), score, best));
                }
            }
        }

        if (candidates.Count > maxCandidates)
        {
            // Stable: equal scores keep anchor order, so results do not depend on the sort's whims.
            candidates = [.. candidates.Select((box, i) => (box, i)).OrderByDescending(t => t.box.Score).ThenBy(t => t.i).Take(maxCandidates).Select(t => t.box)];
        }

        var kept = NonMaxSuppression.Apply(candidates, iouThreshold, maxDetections);
        return [.. kept.Select(i => candidates[i])];
    }

    private static PixelBox BoxAt(ReadOnlySpan<float> output, int anchors, int a, int width, int height)
    {
        double cx = output[a], cy = output[anchors + a], w = output[(2 * anchors) + a], h = output[(3 * anchors) + a];
        return new PixelBox(
            Math.Clamp(cx - (w / 2), 0, width),
            Math.Clamp(cy - (h / 2), 0, height),
            Math.Clamp(cx + (w / 2), 0, width),
            Math.Clamp(cy + (h / 2), 0, height));
    }
}
