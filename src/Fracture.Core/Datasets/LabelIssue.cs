namespace Fracture.Core.Datasets;

/// <summary>A problem found in one row (1-based line number) of a label file.</summary>
public sealed record LabelIssue(int Line, LabelIssueKind Kind, string Message);
