namespace Fracture.Core.Datasets;

/// <summary>The instances read from one label file, and what was wrong with the rows that were fixed or dropped.</summary>
public sealed record ParsedLabels(IReadOnlyList<LabelInstance> Instances, IReadOnlyList<LabelIssue> Issues, int BoxRows, int PolygonRows)
{
    public static ParsedLabels Empty { get; } = new([], [], 0, 0);
}
