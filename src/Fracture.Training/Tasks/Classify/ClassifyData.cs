using Fracture.Core;
using Fracture.Core.Datasets;
using Fracture.Core.Datasets.Splitting;
using Fracture.Core.Imaging;
using Fracture.Training.Data;

namespace Fracture.Training.Tasks.Classify;

/// <summary>
/// One split as image-level classes: 0 = no fracture, then the dataset's (or profile's) classes shifted by one. An
/// image with several fractures takes the class of its largest one. Images are cached, letterboxed, as grey bytes
/// (X-rays are grey; three identical channels would triple the memory for nothing).
/// </summary>
public sealed class ClassifyData : ISplitData
{
    public const string NoFracture = "no fracture";

    private ClassifyData(IReadOnlyList<string> classNames, IReadOnlyList<string> paths, int[] labels, ImageCache cache)
    {
        ClassNames = classNames;
        Paths = paths;
        Labels = labels;
        Cache = cache;
    }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Image paths of the cached images, in cache order.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Class index of each cached image.</summary>
    public IReadOnlyList<int> Labels { get; }

    public ImageCache Cache { get; }

    /// <summary>"path: reason" for each image of the split left out for a rejected label row (<see cref="SplitSample"/>).</summary>
    public IReadOnlyList<string> Excluded { get; private init; } = [];

    public int Count => Labels.Count;

    public static IReadOnlyList<string> ClassNamesFor(DataYaml yaml, DatasetProfile? profile) =>
        [NoFracture, .. profile?.Classes ?? yaml.Names];

    /// <param name="limit">Keep a seeded random subset of at most this many images (quick runs).</param>
    public static ClassifyData Load(DataYaml yaml, DatasetProfile? profile, string split, int imageSize, int? limit, int seed, IProgress<WorkProgress>? progress)
    {
        var excluded = new List<string>();
        var items = SplitSample.Items(yaml, split, limit, seed, excluded);
        var cache = ImageCache.Load([.. items.Select(i => i.ImagePath)], imageSize, PixelFormat.Gray8, progress);
        var kept = cache.Kept.Select(k => items[k]).ToList();
        var labels = kept.Select(item => DatasetSplitter.ImageLabel(item, profile) + 1).ToArray();
        return new ClassifyData(ClassNamesFor(yaml, profile), [.. kept.Select(i => i.ImagePath)], labels, cache) { Excluded = excluded };
    }

    /// <summary>Images per class, in class order.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassNames.Count];
        foreach (var label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
