using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// What <see cref="TaskAlignedAssigner"/> gives each anchor. Labels, boxes and gt indices are meaningful only where
/// <see cref="Foreground"/> is set (elsewhere they point at an arbitrary row, or are zero when there is no gt);
/// <see cref="TargetScores"/> is zero on background anchors, so the classification loss can use it everywhere.
/// </summary>
/// <param name="TargetLabels">Assigned class, int64 [B, A].</param>
/// <param name="TargetBoxes">Assigned gt box, xyxy in the units of the gt boxes, float [B, A, 4].</param>
/// <param name="TargetScores">Soft class target: one-hot label times the normalised alignment, float [B, A, C].</param>
/// <param name="Foreground">Whether the anchor was assigned a gt, bool [B, A].</param>
/// <param name="TargetGtIndex">Row of the assigned gt in the image's gt list, int64 [B, A].</param>
public sealed record TaskAlignedAssignment(
    Tensor TargetLabels,
    Tensor TargetBoxes,
    Tensor TargetScores,
    Tensor Foreground,
    Tensor TargetGtIndex) : IDisposable
{
    public void Dispose()
    {
        TargetLabels.Dispose();
        TargetBoxes.Dispose();
        TargetScores.Dispose();
        Foreground.Dispose();
        TargetGtIndex.Dispose();
    }
}
