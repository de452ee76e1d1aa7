using Fracture.Core.Datasets.Checking;
using Fracture.Core.Datasets.Similarity;

namespace Fracture.Core.Datasets.Splitting;

/// <summary>
/// Pools every split, groups near-identical images (by content, and by Roboflow stem), and deals whole groups to
/// train/val/test, stratified by each image's class, so no X-ray has a copy on the other side of a split.
/// </summary>
public static class DatasetSplitter
{
    public static SplitPlan Plan(DataYaml yaml, DatasetProfile? profile, SplitOptions options, IProgress<WorkProgress>? progress = null)
    {
        options.Validate();
        profile?.Validate(yaml.Names);
        var classNames = profile?.Classes ?? yaml.Names;
        // An image that two splits both name (train listing valid's folder too) is pooled once, under the first split:
        // twice, it was written twice into the new lists.
        var items = yaml.Splits.Keys.SelectMany(s => YoloDataset.ReadSplit(yaml, s).Items.Select(i => (Split: s, Item: i)))
            .DistinctBy(x => x.Item.ImagePath, StringComparer.Ordinal).ToList();

        var probes = new ImageProbe[items.Count];
        var done = 0;
        Parallel.For(0, items.Count, i =>
        {
            probes[i] = ImageProbe.Run(items[i].Item.ImagePath, options.DecodeMaxSide, fingerprint: true);
            var count = Interlocked.Increment(ref done);
            if (count % 50 == 0 || count == items.Count)
            {
                progress?.Report(new WorkProgress("decoding images", count, items.Count));
            }
        });

        var readable = Enumerable.Range(0, items.Count).Where(i => probes[i].Fingerprint is not null).ToList();
        var contentPairs = NearDuplicateFinder.Find(readable.Select(i => probes[i].Fingerprint!).ToList(), options.NearDuplicates);
        var links = contentPairs.Select(p => (p.First, p.Second)).ToList();
        if (options.GroupByStem)
        {
            links.AddRange(StemLinks(readable.Select(i => items[i].Item.FileName).ToList()));
        }

        var groups = DuplicateGroups.Build(readable.Count, links);
        var labels = readable.Select(i => ImageLabel(items[i].Item, profile)).ToArray();
        var splitOfGroup = Deal(groups, labels, options);
        var assignments = readable.Select((global, k) => new SplitAssignment(
            items[global].Item.ImagePath, items[global].Split, groups[k], labels[k], splitOfGroup[groups[k]])).ToList();
        var unreadable = Enumerable.Range(0, items.Count).Where(i => probes[i].Fingerprint is null).Select(i => items[i].Item.ImagePath).ToList();
        return new SplitPlan(assignments, classNames, splitOfGroup.Count, contentPairs.Count, unreadable, options);
    }

    /// <summary>The class of the image's largest instance (after the profile), or -1 for no fracture.</summary>
    public static int ImageLabel(DatasetItem item, DatasetProfile? profile)
    {
        var instances = profile is null ? item.Labels.Instances : profile.Apply(item.Labels.Instances);
        return instances.Count == 0 ? -1 : instances.MaxBy(i => i.Area)!.ClassId;
    }

    private static IEnumerable<(int, int)> StemLinks(List<string> fileNames)
    {
        var firstOfStem = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fileNames.Count; i++)
        {
            if (RoboflowNames.Stem(fileNames[i]) is not { } stem)
            {
                continue;
            }

            if (firstOfStem.TryGetValue(stem, out var first))
            {
                yield return (first, i);
            }
            else
            {
                firstOfStem[stem] = i;
            }
        }
    }

    // Greedy stratified dealing: big groups first (seeded shuffle breaks ties), each to the split that lacks most
    // of the group's class and of images overall, relative to its target share.
    private static Dictionary<int, string> Deal(int[] groups, int[] labels, SplitOptions options)
    {
        string[] names = [SplitNames.Train, SplitNames.Val, SplitNames.Test];
        double[] fractions = [options.Train, options.Val, options.Test];
        var members = groups.Select((g, i) => (g, i)).GroupBy(t => t.g).ToDictionary(g => g.Key, g => g.Select(t => t.i).ToList());
        var totals = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var taken = names.ToDictionary(n => n, _ => labels.Distinct().ToDictionary(l => l, _ => 0));
        var random = new Random(options.Seed);
        var order = members.Keys.OrderBy(_ => random.Next()).ToList().OrderByDescending(g => members[g].Count).ToList();
        var result = new Dictionary<int, string>();
        foreach (var group in order)
        {
            var label = members[group].Select(i => labels[i]).GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            // Score = mean of the split's relative shortfall for this class and for images overall: the class term
            // stratifies, the overall term keeps tiny classes from all spilling into the small splits.
            var best = -1;
            var bestScore = double.MinValue;
            var size = members[group].Count;
            for (var s = 0; s < names.Length; s++)
            {
                if (fractions[s] <= 0)
                {
                    continue;
                }

                var classTarget = fractions[s] * totals[label];
                var overallTarget = fractions[s] * labels.Length;
                var classNeed = (classTarget - taken[names[s]][label]) / classTarget;
                var overallNeed = (overallTarget - taken[names[s]].Values.Sum() - (size / 2.0)) / overallTarget;
                var score = (classNeed + overallNeed) / 2;
                if (score > bestScore + 1e-12)
                {
                    best = s;
                    bestScore = score;
                }
            }

            result[group] = names[best];
            foreach (var i in members[group])
            {
                taken[names[best]][labels[i]]++;
            }
        }

        return result;
    }
}
