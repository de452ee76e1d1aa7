namespace Fracture.Core.Metrics;

/// <summary>Deterministic orderings shared by the metrics (equal keys keep their original order).</summary>
internal static class StableOrder
{
    /// <summary>Indices sorted by descending score; ties by ascending index. NaN scores are rejected.</summary>
    public static int[] Descending(IReadOnlyList<double> scores)
    {
        var order = new int[scores.Count];
        for (var i = 0; i < order.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            }

            order[i] = i;
        }

        // Array.Sort is unstable; the index tie-break makes the result unique and therefore stable.
        Array.Sort(order, (a, b) =>
        {
            var c = scores[b].CompareTo(scores[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>Sorts <paramref name="indices"/> in place by descending score; ties by ascending index.</summary>
    public static void SortDescending(List<int> indices, IReadOnlyList<double> scores) =>
        indices.Sort((a, b) =>
        {
            var c = scores[b].CompareTo(scores[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
}
