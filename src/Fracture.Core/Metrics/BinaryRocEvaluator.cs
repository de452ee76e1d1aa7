namespace Fracture.Core.Metrics;

/// <summary>ROC AUC and operating-point metrics for binary scores (label true = positive).</summary>
public static class BinaryRocEvaluator
{
    /// <summary>
    /// AUC as the Mann-Whitney statistic: the share of (positive, negative) pairs where the positive scores
    /// higher, a tie counting 1/2. NaN when there are no positives or no negatives (AUC is undefined).
    /// </summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var (positives, negatives) = Count(labels);
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();

        // Rank sum of positives, tied scores sharing their average rank: that is the 1/2 per tied pair.
        double positiveRankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                end++;
            }

            var averageRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end;
        }

        var u = positiveRankSum - (positives * (positives + 1.0) / 2);
        return u / ((double)positives * negatives);
    }

    /// <summary>Sensitivity and specificity when scores &gt;= <paramref name="threshold"/> are called positive.</summary>
    public static BinaryMetrics Evaluate(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        var auc = Auc(scores, labels);
        var (positives, negatives) = Count(labels);
        int truePositives = 0, trueNegatives = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var calledPositive = scores[i] >= threshold;
            if (labels[i] && calledPositive)
            {
                truePositives++;
            }
            else if (!labels[i] && !calledPositive)
            {
                trueNegatives++;
            }
        }

        return new BinaryMetrics(auc, Ratio(truePositives, positives), Ratio(trueNegatives, negatives), threshold, positives, negatives);
    }

    /// <summary>
    /// Metrics at the threshold, among the distinct scores, that maximises Youden's J; on a tie the higher
    /// threshold (fewer positive calls) wins. With one class absent J is undefined and the threshold is NaN.
    /// </summary>
    public static BinaryMetrics EvaluateAtYoudenThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var (positives, negatives) = Count(labels);
        if (positives == 0 || negatives == 0)
        {
            return new BinaryMetrics(double.NaN, double.NaN, double.NaN, double.NaN, positives, negatives);
        }

        var order = StableOrder.Descending(scores);
        int truePositives = 0, falsePositives = 0;
        var bestJ = double.NegativeInfinity;
        var best = double.NaN;
        for (var k = 0; k < order.Length;)
        {
            var s = scores[order[k]];
            for (; k < order.Length && scores[order[k]] == s; k++)
            {
                if (labels[order[k]])
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }
            }

            var j = ((double)truePositives / positives) + ((double)(negatives - falsePositives) / negatives) - 1;

            // Thresholds fall as we go: strictly greater keeps the higher one on ties.
            if (j > bestJ)
            {
                bestJ = j;
                best = s;
            }
        }

        return Evaluate(scores, labels, best);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;

    private static (int Positives, int Negatives) Count(IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        return (positives, labels.Count - positives);
    }

    private static void Check(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels.", nameof(labels));
        }

        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("Scores must not be NaN.", nameof(scores));
        }
    }
}
