namespace Fracture.Core.Datasets.Checking;

/// <summary>What `fracture dataset check` found in one split.</summary>
/// <param name="Images">Image files found.</param>
/// <param name="LabelFiles">Images with a label file.</param>
/// <param name="NonEmpty">Label files with at least one valid instance.</param>
/// <param name="EmptyLabelFiles">Label files with no valid instance.</param>
/// <param name="Negatives">
/// Images without an object, without a rejected label row and (when images are decoded) that decode whole (no label
/// file, or no instance): the negatives training learns from.
/// </param>
/// <param name="ExcludedImages">Images with a rejected label row (<see cref="ParsedLabels.RejectedRows"/>): not negatives, left out of scoring.</param>
/// <param name="UndecodedImages">
/// Images without a rejected label row that do not decode whole (<paramref name="Corrupt"/> or <paramref name="Truncated"/>):
/// not negatives, because training and `val` leave them out (Ultralytics counts them corrupt, not background).
/// </param>
/// <param name="ExcludedInstances">Valid instances (after the profile) on excluded and undecoded images: in no count below.</param>
/// <param name="Instances">Valid instances after the profile (if any) on the images used (excluded and undecoded ones left out).</param>
/// <param name="InstancesPerClass">Instances by class name, as <paramref name="Instances"/>.</param>
/// <param name="BoxSizesPerClass">Box sizes by class name, as <paramref name="Instances"/>; measured on decoded images only.</param>
/// <param name="DroppedByProfile">Instances of classes the profile drops.</param>
/// <param name="IssueCounts">Label rows with problems, by kind.</param>
/// <param name="IssueExamples">The first few label problems, to look at.</param>
/// <param name="Corrupt">Images that could not be decoded at all.</param>
/// <param name="Truncated">Images whose data ends early: decoded in part, reported, never rewritten.</param>
/// <param name="OrphanLabels">Label files that belong to no image.</param>
public sealed record SplitCheckReport(
    string Split,
    SplitSource Source,
    int Images,
    int LabelFiles,
    int MissingLabelFiles,
    int EmptyLabelFiles,
    int NonEmpty,
    int Negatives,
    int ExcludedImages,
    int UndecodedImages,
    int ExcludedInstances,
    int Instances,
    IReadOnlyDictionary<string, int> InstancesPerClass,
    IReadOnlyDictionary<string, BoxSizeSummary> BoxSizesPerClass,
    int BoxRows,
    int PolygonRows,
    int DroppedByProfile,
    IReadOnlyDictionary<LabelIssueKind, int> IssueCounts,
    IReadOnlyList<LabelProblem> IssueExamples,
    IReadOnlyList<ImageProblem> Corrupt,
    IReadOnlyList<ImageProblem> Truncated,
    IReadOnlyList<string> OrphanLabels,
    ImageSizeSummary Sizes,
    SplitLeakage? Leakage);
