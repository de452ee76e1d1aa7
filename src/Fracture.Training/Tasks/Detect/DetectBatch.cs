using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// One training batch: normalised images [B, 3, S, S] and the boxes padded to the batch's largest count M:
/// classes int64 [B, M], boxes xyxy in input pixels [B, M, 4], and which rows are real, bool [B, M].
/// </summary>
public sealed record DetectBatch(Tensor Images, Tensor GtLabels, Tensor GtBoxes, Tensor GtMask) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        GtLabels.Dispose();
        GtBoxes.Dispose();
        GtMask.Dispose();
    }
}
