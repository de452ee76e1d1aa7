namespace Fracture.Core.Datasets;

/// <summary>The instances read from one label file, and what was wrong with the rows that were fixed or dropped.</summary>
public sealed record ParsedLabels(IReadOnlyList<LabelInstance> Instances, IReadOnlyList<LabelIssue> Issues, int BoxRows, int PolygonRows)
{
    public static ParsedLabels Empty { get; } = new([], [], 0, 0);

    /// <summary>
    /// Rows dropped as unusable (<see cref="LabelIssueKind.Malformed"/>, <see cref="LabelIssueKind.BadClassId"/>,
    /// <see cref="LabelIssueKind.Degenerate"/>, <see cref="LabelIssueKind.NotNormalized"/>, a whole <see cref="LabelIssueKind.Unreadable"/> file): each stood for an object that is now missing, so the file no longer
    /// says what the image shows. Clipped rows and dropped copies of a kept row do not count.
    /// </summary>
    public int RejectedRows => Issues.Count(i => i.Kind is LabelIssueKind.Malformed or LabelIssueKind.BadClassId or LabelIssueKind.Degenerate or LabelIssueKind.NotNormalized or LabelIssueKind.Unreadable);
}
