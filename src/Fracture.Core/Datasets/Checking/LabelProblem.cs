namespace Fracture.Core.Datasets.Checking;

/// <summary>One reported problem in a label file (an example; the totals are in the split report).</summary>
public sealed record LabelProblem(string LabelFile, int Line, LabelIssueKind Kind, string Message);
