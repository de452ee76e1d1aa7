using Fracture.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>Overlap measures of axis-aligned boxes.</summary>
public static class BoxIou
{
    /// <summary>Keeps zero-area boxes and coincident centres finite.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>
    /// Complete IoU (Zheng et al. 2020) of xyxy boxes [..., 4], elementwise with broadcasting, as [...] (the last
    /// dimension dropped): IoU minus the squared centre distance over the squared diagonal of the enclosing box,
    /// minus an aspect-ratio term. In [-1, 1]; 1 only for identical boxes. Unlike plain IoU it still has a gradient
    /// when the boxes do not overlap, which is why the box loss uses it. The aspect term's trade-off weight is held
    /// constant (no gradient through it), as in the paper and YOLOv8.
    /// </summary>
    public static Tensor Ciou(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        // Held through the native calls (docs/training.md, "Scalars held through native calls").
        using var epsilon = Epsilon.ToScalar();
        using var zero = 0.ToScalar();
        using var four = 4.ToScalar();
        using var aspectScale = (4 / (Math.PI * Math.PI)).ToScalar();
        using var onePlusEpsilon = (1 + Epsilon).ToScalar();
        var (ax1, ay1, ax2, ay2) = Sides(a);
        var (bx1, by1, bx2, by2) = Sides(b);
        var aw = ax2 - ax1;
        var ah = (ay2 - ay1).Plus(epsilon);
        var bw = bx2 - bx1;
        var bh = (by2 - by1).Plus(epsilon);

        var overlapW = (minimum(ax2, bx2) - maximum(ax1, bx1)).clamp_min(zero);
        var overlapH = (minimum(ay2, by2) - maximum(ay1, by1)).clamp_min(zero);
        var intersection = overlapW * overlapH;
        var union = ((aw * ah).Plus(bw * bh) - intersection).Plus(epsilon);
        var iou = intersection / union;

        var enclosingW = maximum(ax2, bx2) - minimum(ax1, bx1);
        var enclosingH = maximum(ay2, by2) - minimum(ay1, by1);
        var diagonalSquared = enclosingW.Squared().Plus(enclosingH.Squared()).Plus(epsilon);
        var centreDistanceSquared = (bx1.Plus(bx2) - ax1 - ax2).Squared().Plus((by1.Plus(by2) - ay1 - ay2).Squared()) / four;

        var aspect = aspectScale * (atan(bw / bh) - atan(aw / ah)).Squared();
        var tradeOff = (aspect / (aspect - iou).Plus(onePlusEpsilon)).detach();
        var ciou = iou - (centreDistanceSquared / diagonalSquared).Plus(aspect * tradeOff);
        return ciou.MoveToOuterDisposeScope();
    }

    private static (Tensor X1, Tensor Y1, Tensor X2, Tensor Y2) Sides(Tensor boxes)
    {
        var sides = boxes.unbind(-1);
        return (sides[0], sides[1], sides[2], sides[3]);
    }
}
