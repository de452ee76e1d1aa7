namespace Fracture.Core.Datasets.Splitting;

/// <summary>A leakage-free split: every image's new split, and how the groups were formed.</summary>
/// <param name="ContentLinks">Near-identical pairs found by content (beyond shared stems).</param>
/// <param name="Unreadable">Images left out because they could not be decoded.</param>
public sealed record SplitPlan(
    IReadOnlyList<SplitAssignment> Assignments,
    IReadOnlyList<string> ClassNames,
    int Groups,
    int ContentLinks,
    IReadOnlyList<string> Unreadable,
    SplitOptions Options)
{
    public IEnumerable<SplitAssignment> In(string split) => Assignments.Where(a => a.Split == split);
}
