namespace Fracture.Core.Datasets;

/// <summary>
/// One image of a split and its labels as written (source class ids). <see cref="LabelPath"/> is null when the image
/// has no label file; such images, like those with empty files, are negatives (no fracture). An image with a rejected
/// label row (<see cref="HasRejectedRows"/>) is not: its objects are unknown, so it is left out of scoring as
/// Ultralytics skips it as corrupt (<see cref="DatasetSplit.Usable"/>).
/// </summary>
public sealed record DatasetItem(string ImagePath, string? LabelPath, ParsedLabels Labels)
{
    public string FileName => Path.GetFileName(ImagePath);

    /// <summary>Whether a row of the label file was dropped as unusable (<see cref="ParsedLabels.RejectedRows"/>).</summary>
    public bool HasRejectedRows => Labels.RejectedRows > 0;

    /// <summary>No object in the label file as read (before any class profile), and no rejected row.</summary>
    public bool IsNegative => Labels.Instances.Count == 0 && !HasRejectedRows;
}
