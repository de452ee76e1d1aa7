namespace Fracture.Core.Datasets;

/// <summary>
/// What is wrong with a label row. Each kind says what the reader does with the row. A rejected row is dropped, and
/// its image is left out of scoring (<see cref="ParsedLabels.RejectedRows"/>), as Ultralytics skips it as corrupt.
/// </summary>
public enum LabelIssueKind
{
    /// <summary>Not numbers, or a count that is neither 5 (box) nor odd and at least 7 (polygon): rejected.</summary>
    Malformed,

    /// <summary>Class id not an integer in 0..nc-1: rejected.</summary>
    BadClassId,

    /// <summary>A coordinate outside 0..1: clipped to the image and kept.</summary>
    OutOfRange,

    /// <summary>A polygon with (near) zero area or fewer than 3 distinct points, or a box with zero size: rejected.</summary>
    Degenerate,

    /// <summary>The same row twice in one file: the copy is dropped.</summary>
    Duplicate,

    /// <summary>
    /// A point or box corner beyond half an image outside 0..1 (pixels written instead of fractions, most likely):
    /// rejected. Nearer misses are <see cref="OutOfRange"/>.
    /// </summary>
    NotNormalized,

    /// <summary>
    /// The label file itself cannot be read (permissions, an I/O error; line 0): its rows are unknown, so it counts as
    /// rejected and its image is left out, as an unreadable image is, instead of stopping the whole split.
    /// </summary>
    Unreadable,
}
