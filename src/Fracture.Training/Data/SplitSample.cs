using Fracture.Core.Datasets;

namespace Fracture.Training.Data;

/// <summary>The images of a split that a task loads: all of them, or a seeded random subset for quick runs.</summary>
public static class SplitSample
{
    /// <param name="limit">At most this many images, drawn with <paramref name="seed"/> and kept in path order; null for all.</param>
    /// <exception cref="DatasetException">The split has no images.</exception>
    public static List<DatasetItem> Items(DataYaml yaml, string split, int? limit, int seed)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var items = YoloDataset.ReadSplit(yaml, split).Items.ToList();
        if (limit is { } max && max < items.Count)
        {
            var random = new Random(seed);
            items = [.. items.OrderBy(_ => random.Next()).Take(max).OrderBy(i => i.ImagePath, StringComparer.Ordinal)];
        }

        return items.Count > 0 ? items : throw new DatasetException($"split '{split}' of {yaml.YamlPath} has no images");
    }
}
