namespace Fracture.Core.Metrics;

/// <summary>Precision, recall and F1 per class at the score threshold that maximises mean F1 (IoU 0.5 matches).</summary>
internal static class ConfidenceSweep
{
    internal sealed record Result(double Threshold, double[] Precision, double[] Recall, double[] F1);

    /// <param name="matches">Per class, its predictions in descending score order; only classes in <paramref name="evaluated"/> are used.</param>
    /// <param name="instances">Ground-truth count per class.</param>
    /// <param name="evaluated">Class ids with ground truth.</param>
    public static Result Run(IReadOnlyList<List<ScoredMatch>> matches, IReadOnlyList<int> instances, IReadOnlyList<int> evaluated)
    {
        // All predictions of evaluated classes, highest score first; only the grouping by score matters here.
        var all = new List<(double Score, int Slot, bool Tp)>();
        for (var slot = 0; slot < evaluated.Count; slot++)
        {
            all.AddRange(matches[evaluated[slot]].Select(m => (m.Score, slot, m.IsTruePositiveAt(0))));
        }

        all.Sort((a, b) => b.Score.CompareTo(a.Score));

        var count = new int[evaluated.Count];
        var tp = new int[evaluated.Count];
        var bestCount = new int[evaluated.Count];
        var bestTp = new int[evaluated.Count];
        var bestThreshold = 0.0;
        var bestF1 = double.NegativeInfinity;
        var i = 0;
        while (i < all.Count)
        {
            // Threshold s = this score: every prediction with score >= s is in.
            var s = all[i].Score;
            for (; i < all.Count && all[i].Score == s; i++)
            {
                count[all[i].Slot]++;
                if (all[i].Tp)
                {
                    tp[all[i].Slot]++;
                }
            }

            var meanF1 = 0.0;
            for (var slot = 0; slot < evaluated.Count; slot++)
            {
                meanF1 += F1(tp[slot], count[slot], instances[evaluated[slot]]);
            }

            meanF1 /= evaluated.Count;

            // Strictly greater: scores fall as we go, so on a tie the higher threshold stays.
            if (meanF1 > bestF1)
            {
                bestF1 = meanF1;
                bestThreshold = s;
                Array.Copy(count, bestCount, count.Length);
                Array.Copy(tp, bestTp, tp.Length);
            }
        }

        var precision = new double[evaluated.Count];
        var recall = new double[evaluated.Count];
        var f1 = new double[evaluated.Count];
        for (var slot = 0; slot < evaluated.Count; slot++)
        {
            var n = instances[evaluated[slot]];
            precision[slot] = bestCount[slot] == 0 ? 0 : (double)bestTp[slot] / bestCount[slot];
            recall[slot] = (double)bestTp[slot] / n;
            f1[slot] = F1(bestTp[slot], bestCount[slot], n);
        }

        return new Result(bestThreshold, precision, recall, f1);
    }

    private static double F1(int tp, int predicted, int instances)
    {
        var p = predicted == 0 ? 0 : (double)tp / predicted;
        var r = (double)tp / instances;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
