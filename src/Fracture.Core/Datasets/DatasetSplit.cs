namespace Fracture.Core.Datasets;

/// <summary>The items of one split, in file-name order, and label files that match no image.</summary>
public sealed record DatasetSplit(string Name, SplitSource Source, IReadOnlyList<DatasetItem> Items, IReadOnlyList<string> OrphanLabels);
