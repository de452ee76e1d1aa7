namespace Fracture.Core.Datasets;

/// <summary>
/// One image of a split and its labels as written (source class ids). <see cref="LabelPath"/> is null when the image
/// has no label file; such images, like those with empty files, are negatives (no fracture).
/// </summary>
public sealed record DatasetItem(string ImagePath, string? LabelPath, ParsedLabels Labels)
{
    public string FileName => Path.GetFileName(ImagePath);

    public bool IsNegative => Labels.Instances.Count == 0;
}
