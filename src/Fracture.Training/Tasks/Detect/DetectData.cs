using Fracture.Core;
using Fracture.Core.Augmentation;
using Fracture.Core.Datasets;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Training.Data;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// One split for detection: images cached letterboxed (grey bytes) with their objects in the same letterboxed pixels,
/// classes through the dataset profile (dropped classes left out). Images without objects stay in as backgrounds:
/// half the shipped set has no fracture, and a detector must learn to stay quiet on those.
/// </summary>
public sealed class DetectData : ISplitData
{
    private DetectData(IReadOnlyList<string> classNames, IReadOnlyList<string> paths, IReadOnlyList<IReadOnlyList<PixelInstance>> instances, ImageCache cache)
    {
        ClassNames = classNames;
        Paths = paths;
        Instances = instances;
        Cache = cache;
    }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Image paths of the cached images, in cache order.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Objects of each cached image in its letterboxed pixels (polygons kept for the segmenter).</summary>
    public IReadOnlyList<IReadOnlyList<PixelInstance>> Instances { get; }

    public ImageCache Cache { get; }

    /// <summary>"path: reason" for each image of the split left out for a rejected label row (<see cref="SplitSample"/>).</summary>
    public IReadOnlyList<string> Excluded { get; private init; } = [];

    public int Count => Paths.Count;

    public static IReadOnlyList<string> ClassNamesFor(DataYaml yaml, DatasetProfile? profile) => profile?.Classes ?? yaml.Names;

    /// <param name="limit">Keep a seeded random subset of at most this many images (quick runs).</param>
    public static DetectData Load(DataYaml yaml, DatasetProfile? profile, string split, int imageSize, int? limit, int seed, IProgress<WorkProgress>? progress)
    {
        var excluded = new List<string>();
        var items = SplitSample.Items(yaml, split, limit, seed, excluded);
        var cache = ImageCache.Load([.. items.Select(i => i.ImagePath)], imageSize, PixelFormat.Gray8, progress);
        var kept = cache.Kept.Select(k => items[k]).ToList();
        var instances = new IReadOnlyList<PixelInstance>[kept.Count];
        for (var i = 0; i < kept.Count; i++)
        {
            var labels = profile?.Apply(kept[i].Labels.Instances) ?? kept[i].Labels.Instances;
            instances[i] = [.. labels.Select(l => ToLetterbox(l, cache.Transforms[i]))];
        }

        return new DetectData(ClassNamesFor(yaml, profile), [.. kept.Select(i => i.ImagePath)], instances, cache) { Excluded = excluded };
    }

    /// <summary>Objects per class over the split, in class order.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassNames.Count];
        foreach (var instance in Instances.SelectMany(i => i))
        {
            counts[instance.ClassId]++;
        }

        return counts;
    }

    private static PixelInstance ToLetterbox(LabelInstance label, LetterboxTransform transform)
    {
        var source = PixelInstance.FromLabel(label, transform.SourceWidth, transform.SourceHeight);
        return new PixelInstance(
            source.ClassId,
            transform.ToTarget(source.Box),
            source.Polygon?.Select(transform.ToTarget).ToArray() is PixelPoint[] polygon ? polygon : null);
    }
}
