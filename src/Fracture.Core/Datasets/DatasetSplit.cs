namespace Fracture.Core.Datasets;

/// <summary>The items of one split, in file-name order, and label files that match no image.</summary>
public sealed record DatasetSplit(string Name, SplitSource Source, IReadOnlyList<DatasetItem> Items, IReadOnlyList<string> OrphanLabels)
{
    /// <summary>The items to learn from and score against: all but those with a rejected label row.</summary>
    public IReadOnlyList<DatasetItem> Usable => [.. Items.Where(i => !i.HasRejectedRows)];

    /// <summary>Items left out of <see cref="Usable"/> because a label row was rejected; callers report their count.</summary>
    public IReadOnlyList<DatasetItem> Excluded => [.. Items.Where(i => i.HasRejectedRows)];
}
