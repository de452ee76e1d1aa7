namespace Fracture.Core.Datasets.Checking;

/// <summary>
/// Near-identical images seen from one split: how many of its images have a near-identical copy in each other split,
/// and how many groups of near-identical images it holds inside itself (augmented copies of one X-ray).
/// <see cref="GroupsWithOneStem"/> counts the groups whose files all share one Roboflow stem: copies of one source
/// share a stem, so it is a check on the content search (different stems in one group are suspect).
/// </summary>
public sealed record SplitLeakage(
    IReadOnlyDictionary<string, int> ImagesWithCopyIn,
    int DuplicateGroups,
    int ImagesInDuplicateGroups,
    int LargestGroup,
    int GroupsWithOneStem);
