using Fracture.Core.Datasets;

namespace Fracture.Training.Data;

/// <summary>The images of a split that a task loads: all of them, or a seeded random subset for quick runs.</summary>
public static class SplitSample
{
    /// <summary>
    /// The split's usable images: one with a rejected label row (malformed, unknown class, degenerate) is left out,
    /// as Ultralytics leaves out a corrupt label, because its surviving rows would make it a false negative.
    /// </summary>
    /// <param name="limit">At most this many images, drawn with <paramref name="seed"/> and kept in path order; null for all.</param>
    /// <param name="excluded">Receives "path: reason" for each image left out for its labels, so callers can say so.</param>
    /// <exception cref="DatasetException">The split has no images.</exception>
    public static List<DatasetItem> Items(DataYaml yaml, string split, int? limit, int seed, ICollection<string>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var read = YoloDataset.ReadSplit(yaml, split);
        foreach (var item in read.Excluded)
        {
            excluded?.Add($"{item.ImagePath}: {ExcludedReason}");
        }

        var items = read.Usable.ToList();
        if (limit is { } max && max < items.Count)
        {
            var random = new Random(seed);
            items = [.. items.OrderBy(_ => random.Next()).Take(max).OrderBy(i => i.ImagePath, StringComparer.Ordinal)];
        }

        return items.Count > 0 ? items : throw new DatasetException($"split '{split}' of {yaml.YamlPath} has no images");
    }

    /// <summary>Why an image with a rejected label row is left out.</summary>
    public const string ExcludedReason = "a label row was rejected (`fracture dataset check` lists it)";
}
