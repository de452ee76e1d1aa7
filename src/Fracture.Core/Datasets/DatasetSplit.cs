namespace Fracture.Core.Datasets;

/// <summary>The items of one split, in file-name order, and label files that match no image.</summary>
public sealed record DatasetSplit(string Name, SplitSource Source, IReadOnlyList<DatasetItem> Items, IReadOnlyList<string> OrphanLabels)
{
    /// <summary>The items to learn from and score against: all but those with a rejected label row.</summary>
    public IReadOnlyList<DatasetItem> Usable => [.. Items.Where(i => !i.HasRejectedRows)];

    /// <summary>Items left out of <see cref="Usable"/> because a label row was rejected; callers report their count.</summary>
    public IReadOnlyList<DatasetItem> Excluded => [.. Items.Where(i => i.HasRejectedRows)];

    /// <summary>Predictions name images by file name, so scoring refuses a split where two images share one.</summary>
    /// <exception cref="DatasetException">Two images of the split have the same file name.</exception>
    public void RequireDistinctFileNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Items)
        {
            if (!names.Add(item.FileName))
            {
                throw new DatasetException($"split '{Name}' has two images named {item.FileName}; predictions could not tell them apart");
            }
        }
    }
}
