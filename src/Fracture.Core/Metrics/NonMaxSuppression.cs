namespace Fracture.Core.Metrics;

/// <summary>Greedy non-maximum suppression over the candidate detections of one image.</summary>
public static class NonMaxSuppression
{
    /// <summary>
    /// Visits candidates by descending score (equal scores in original order) and keeps one unless a
    /// box already kept overlaps it with IoU strictly above <paramref name="iouThreshold"/>. Only boxes
    /// of the same class suppress each other unless <paramref name="classAgnostic"/> is set.
    /// </summary>
    /// <returns>Indices into <paramref name="detections"/> of the kept boxes, highest score first,
    /// at most <paramref name="maxDetections"/> of them.</returns>
    public static int[] Apply(IReadOnlyList<ScoredBox> detections, double iouThreshold, int maxDetections, bool classAgnostic = false)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDetections);
        if (double.IsNaN(iouThreshold))
        {
            throw new ArgumentException("IoU threshold must be a number.", nameof(iouThreshold));
        }

        var scores = new double[detections.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = detections[i].Score;
        }

        var kept = new List<int>(Math.Min(maxDetections, detections.Count));
        foreach (var i in StableOrder.Descending(scores))
        {
            if (kept.Count == maxDetections)
            {
                break;
            }

            var candidate = detections[i];
            var suppressed = false;
            foreach (var k in kept)
            {
                var other = detections[k];
                if ((classAgnostic || other.ClassId == candidate.ClassId) && other.Box.IoU(candidate.Box) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }

            if (!suppressed)
            {
                kept.Add(i);
            }
        }

        return [.. kept];
    }

    /// <summary>As <see cref="Apply(IReadOnlyList{ScoredBox}, double, int, bool)"/> for any item type.</summary>
    public static int[] Apply<T>(IReadOnlyList<T> items, Func<T, ScoredBox> selector, double iouThreshold, int maxDetections, bool classAgnostic = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(selector);
        return Apply(items.Select(selector).ToArray(), iouThreshold, maxDetections, classAgnostic);
    }
}
