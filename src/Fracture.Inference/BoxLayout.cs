namespace Fracture.Inference;

/// <summary>
/// Which of the two box layouts a detector's or segmenter's main output [N, d1, d2] is in. Raw head output (Fracture's
/// exports, Ultralytics YOLOv8/YOLO11 by default): anchor columns, d1 = 4 + C (+ M mask coefficients), d2 = anchors.
/// End to end (Ultralytics YOLO26 and YOLOv10 by default, any YOLO exported with <c>nms=True</c>): box rows,
/// d1 = max_det, d2 = 6 (+ M): x1, y1, x2, y2 in input pixels, score, class id, then the coefficients; suppression is
/// already done. The file's metadata decides when it says (<see cref="Core.Models.ModelMetadata.EndToEnd"/>), so a raw
/// output with 300 anchors or 6 channels is never read as rows; only a file that does not say is judged by its shape.
/// </summary>
internal static class BoxLayout
{
    /// <summary>Width of an end-to-end row before its mask coefficients: x1, y1, x2, y2, score, class id.</summary>
    public const int RowWidth = 6;

    /// <param name="declared">What the metadata says: true end to end, false raw, null nothing.</param>
    /// <param name="dims">The output's dimensions (rank 3; open ones 0 or less).</param>
    /// <param name="masks">Detect: null. Segment: the prototypes' channel count (0 or less when the file leaves it open).</param>
    /// <returns>True for rows, false for anchor columns, null when the output is neither.</returns>
    public static bool? Recognise(bool? declared, IReadOnlyList<int> dims, int classes, int? masks)
    {
        bool Fits(int dim, int before) => dim <= 0 || masks switch
        {
            null => dim == before,
            > 0 => dim == before + masks.Value,
            _ => dim > before,
        };

        var raw = Fits(dims[1], 4 + classes);
        var rows = Fits(dims[2], RowWidth);
        return declared switch
        {
            true => rows ? true : null,
            false => raw ? false : null,

            // Ultralytics before 8.3 wrote no end2end key: the raw layout as before; rows only for an output that
            // cannot be anchor columns and whose last dimension is fixed at a row's width.
            null => raw ? false : rows && dims[2] > 0 ? true : null,
        };
    }

    /// <summary>The layouts a model may have, for a refusal: "[N, 7, anchors]", or rows when the metadata says so.</summary>
    /// <param name="masks">"0" for a detector, else how to call the coefficient count.</param>
    public static string Expected(bool? declared, int classes, string masks)
    {
        var extra = masks == "0" ? string.Empty : $" + {masks}";
        var raw = masks == "0" ? $"[N, {4 + classes}, anchors]" : $"[N, 4 + {classes}{extra}, anchors]";
        var rows = $"[N, max_det, {RowWidth}{extra}]";
        return declared switch
        {
            true => $"{rows} (exported end to end, as its metadata says: x1, y1, x2, y2, score, class{(extra.Length > 0 ? ", coefficients" : string.Empty)})",
            false => raw,
            null => $"{raw}, or {rows} with NMS inside",
        };
    }
}
