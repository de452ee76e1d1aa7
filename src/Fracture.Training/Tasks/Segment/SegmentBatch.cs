using Fracture.Training.Tasks.Detect;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// A detection batch plus each object's mask on the prototype grid, float 0/1 [B, M, S/4, S/4], rows as in
/// <see cref="DetectBatch"/> (padding rows all zero).
/// </summary>
public sealed record SegmentBatch(DetectBatch Boxes, Tensor GtMasks) : IDisposable
{
    public void Dispose()
    {
        Boxes.Dispose();
        GtMasks.Dispose();
    }
}
