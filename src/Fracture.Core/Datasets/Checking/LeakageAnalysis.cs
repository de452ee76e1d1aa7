using Fracture.Core.Datasets.Similarity;

namespace Fracture.Core.Datasets.Checking;

/// <summary>Finds near-identical images among all splits and summarises them across and within splits.</summary>
internal sealed class LeakageAnalysis
{
    private readonly Dictionary<string, SplitLeakage> _perSplit;

    private LeakageAnalysis(LeakageReport report, Dictionary<string, SplitLeakage> perSplit)
    {
        Report = report;
        _perSplit = perSplit;
    }

    public LeakageReport Report { get; }

    public SplitLeakage? ForSplit(string split) => _perSplit.GetValueOrDefault(split);

    public static LeakageAnalysis Run(IReadOnlyList<string> splitOf, IReadOnlyList<string> fileNames, IReadOnlyList<ImageProbe?> probes, NearDuplicateOptions options)
    {
        // Only decodable images take part; `index` maps back to the full list.
        var index = Enumerable.Range(0, probes.Count).Where(i => probes[i]?.Fingerprint is not null).ToList();
        var prints = index.Select(i => probes[i]!.Fingerprint!).ToList();
        var pairs = NearDuplicateFinder.Find(prints, options)
            .Select(p => (A: index[p.First], B: index[p.Second], p.HashDistance)).ToList();

        var cross = pairs.Where(p => splitOf[p.A] != splitOf[p.B])
            .Select(p => new LeakagePair(splitOf[p.A], fileNames[p.A], splitOf[p.B], fileNames[p.B], p.HashDistance))
            .ToList();
        var crossCounts = cross.GroupBy(p => $"{p.SplitA}/{p.SplitB}").ToDictionary(g => g.Key, g => g.Count());

        var splits = splitOf.Distinct().ToList();
        var perSplit = new Dictionary<string, SplitLeakage>();
        foreach (var split in splits)
        {
            var withCopy = splits.Where(other => other != split).ToDictionary(
                other => other,
                other => cross.SelectMany(p => p.SplitA == split && p.SplitB == other ? [p.ImageA]
                    : p.SplitB == split && p.SplitA == other ? new[] { p.ImageB } : []).Distinct().Count());
            perSplit[split] = WithinSplit(split, splitOf, fileNames, pairs.Select(p => (p.A, p.B)), withCopy);
        }

        var method = $"64-bit DCT hash at rotations {string.Join("/", ContentFingerprint.HashAngles)} deg (candidates within {options.HashThreshold} bits), " +
            $"confirmed by correlation >= {options.CorrelationThreshold:0.00} of equalised {ContentFingerprint.SignatureSize}px centre thumbnails under small rotations and zooms";
        var report = new LeakageReport(method, options.HashThreshold, prints.Count, cross, crossCounts, StemSharing(splitOf, fileNames, cross, splits));
        return new LeakageAnalysis(report, perSplit);
    }

    private static SplitLeakage WithinSplit(
        string split, IReadOnlyList<string> splitOf, IReadOnlyList<string> fileNames, IEnumerable<(int A, int B)> pairs, Dictionary<string, int> withCopy)
    {
        var members = Enumerable.Range(0, splitOf.Count).Where(i => splitOf[i] == split).ToList();
        var local = members.Select((global, k) => (global, k)).ToDictionary(t => t.global, t => t.k);
        var links = pairs.Where(p => local.ContainsKey(p.A) && local.ContainsKey(p.B)).Select(p => (local[p.A], local[p.B]));
        var groups = DuplicateGroups.Build(members.Count, links);
        var multi = groups.Select((g, k) => (Group: g, Member: members[k])).GroupBy(t => t.Group).Where(g => g.Count() > 1).ToList();
        var sizes = multi.Select(g => g.Count()).ToList();
        var oneStem = multi.Count(g => g.Select(t => RoboflowNames.Stem(fileNames[t.Member])).Distinct().Count() == 1);
        return new SplitLeakage(withCopy, sizes.Count, sizes.Sum(), sizes.Count == 0 ? 0 : sizes.Max(), oneStem);
    }

    private static List<StemSharing> StemSharing(IReadOnlyList<string> splitOf, IReadOnlyList<string> fileNames, List<LeakagePair> cross, List<string> splits)
    {
        var stems = splits.ToDictionary(
            s => s,
            s => Enumerable.Range(0, splitOf.Count).Where(i => splitOf[i] == s)
                .Select(i => RoboflowNames.Stem(fileNames[i])).OfType<string>().ToHashSet(StringComparer.Ordinal));
        var result = new List<StemSharing>();
        for (var a = 0; a < splits.Count; a++)
        {
            for (var b = a + 1; b < splits.Count; b++)
            {
                var shared = stems[splits[a]].Intersect(stems[splits[b]], StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
                // A stem "holds near-identical images" when a confirmed pair links two images of that stem.
                var confirmed = cross
                    .Where(p => (p.SplitA == splits[a] && p.SplitB == splits[b]) || (p.SplitA == splits[b] && p.SplitB == splits[a]))
                    .Select(p => (StemA: RoboflowNames.Stem(p.ImageA), StemB: RoboflowNames.Stem(p.ImageB)))
                    .Where(t => t.StemA is not null && t.StemA == t.StemB && shared.Contains(t.StemA))
                    .Select(t => t.StemA)
                    .Distinct().Count();
                result.Add(new StemSharing(splits[a], splits[b], shared.Count, confirmed));
            }
        }

        return result;
    }
}
