using Fracture.Training.Engine;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// Which cells of a grid lie in each box, as Ultralytics crops masks (and as the predictor decodes them): a cell counts
/// when its index lies in [x1, x2) x [y1, y2). The mask loss and mask building share it, so both cut alike.
/// </summary>
internal static class BoxCrop
{
    /// <param name="boxes">[P, 4] xyxy in the grid's cells.</param>
    /// <returns>Bool [P, height, width].</returns>
    public static Tensor Cells(Tensor boxes, long height, long width)
    {
        // Not arange: its temporary Scalars cannot be held through the native call (see ScalarFreeRange).
        var columns = ScalarFreeRange.Of(width).view(1, 1, -1);
        var rows = ScalarFreeRange.Of(height).view(1, -1, 1);
        var (x1, y1, x2, y2) = (boxes[.., 0].view(-1, 1, 1), boxes[.., 1].view(-1, 1, 1), boxes[.., 2].view(-1, 1, 1), boxes[.., 3].view(-1, 1, 1));
        return (columns >= x1).logical_and(columns < x2).logical_and(rows >= y1).logical_and(rows < y2);
    }
}
