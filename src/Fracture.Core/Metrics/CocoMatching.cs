namespace Fracture.Core.Metrics;

/// <summary>COCO's greedy matching and 101-point interpolated AP.</summary>
internal static class CocoMatching
{
    public const int RecallPoints = 101;

    /// <summary>
    /// Matches the predictions of one class on one image (already sorted by descending score) to that
    /// class's ground truth, once per IoU threshold. Each prediction takes the still-free ground truth with
    /// the highest IoU &gt;= threshold (the last one on ties, as pycocotools, which skips a ground truth only when its
    /// IoU is below the best so far); returns per prediction a bit mask of thresholds where it matched.
    /// </summary>
    public static int[] Match(double[,] iou, IReadOnlyList<int> predictions, IReadOnlyList<int> groundTruth, IReadOnlyList<double> thresholds)
    {
        var masks = new int[predictions.Count];
        var taken = new bool[groundTruth.Count];
        for (var t = 0; t < thresholds.Count; t++)
        {
            Array.Clear(taken);
            for (var d = 0; d < predictions.Count; d++)
            {
                var best = -1;
                var bestIoU = thresholds[t];
                for (var g = 0; g < groundTruth.Count; g++)
                {
                    if (taken[g])
                    {
                        continue;
                    }

                    var v = iou[predictions[d], groundTruth[g]];
                    if (v >= bestIoU)
                    {
                        best = g;
                        bestIoU = v;
                    }
                }

                if (best >= 0)
                {
                    taken[best] = true;
                    masks[d] |= 1 << t;
                }
            }
        }

        return masks;
    }

    /// <summary>
    /// Precision envelope sampled at recall 0, 0.01, ..., 1 for predictions in descending score order.
    /// The envelope makes precision non-increasing in recall; each recall point r takes the precision at
    /// the first prediction whose recall reaches r, or 0 if none does.
    /// </summary>
    public static double[] InterpolatedPrecision(IReadOnlyList<ScoredMatch> ordered, int threshold, int groundTruthCount)
    {
        var n = ordered.Count;
        var recall = new double[n];
        var precision = new double[n];
        var tp = 0;
        for (var i = 0; i < n; i++)
        {
            if (ordered[i].IsTruePositiveAt(threshold))
            {
                tp++;
            }

            recall[i] = (double)tp / groundTruthCount;
            precision[i] = (double)tp / (i + 1);
        }

        for (var i = n - 1; i > 0; i--)
        {
            precision[i - 1] = Math.Max(precision[i - 1], precision[i]);
        }

        var q = new double[RecallPoints];
        var k = 0;
        for (var r = 0; r < RecallPoints; r++)
        {
            // r / 100.0 rather than accumulated steps, so e.g. 29 of 100 objects reach the 0.29 point exactly.
            var level = r / 100.0;
            while (k < n && recall[k] < level)
            {
                k++;
            }

            q[r] = k < n ? precision[k] : 0;
        }

        return q;
    }

    public static double[] RecallLevels()
    {
        var levels = new double[RecallPoints];
        for (var r = 0; r < RecallPoints; r++)
        {
            levels[r] = r / 100.0;
        }

        return levels;
    }
}
