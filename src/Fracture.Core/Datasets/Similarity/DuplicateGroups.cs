namespace Fracture.Core.Datasets.Similarity;

/// <summary>Connected components over "is a copy of" links (union-find): each group must stay in one split.</summary>
public static class DuplicateGroups
{
    /// <summary>A group id per item (0-based, in order of first appearance) from pairs of linked indices.</summary>
    public static int[] Build(int count, IEnumerable<(int A, int B)> links)
    {
        var parent = Enumerable.Range(0, count).ToArray();
        foreach (var (a, b) in links)
        {
            var ra = Find(parent, a);
            var rb = Find(parent, b);
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        var ids = new Dictionary<int, int>();
        var groups = new int[count];
        for (var i = 0; i < count; i++)
        {
            var root = Find(parent, i);
            if (!ids.TryGetValue(root, out var id))
            {
                id = ids.Count;
                ids[root] = id;
            }

            groups[i] = id;
        }

        return groups;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
