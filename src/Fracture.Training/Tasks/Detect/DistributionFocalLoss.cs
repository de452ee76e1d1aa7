using Fracture.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// Distribution focal loss (Li et al. 2020, Generalized Focal Loss): each side's distance is predicted as a
/// distribution over integer bins, and a real-valued target t is taught as the two bins around it, weighted by
/// nearness (floor(t) gets ceil(t) - t, ceil(t) gets t - floor(t)), so the distribution concentrates where the
/// expected value equals t.
/// </summary>
internal static class DistributionFocalLoss
{
    /// <param name="logits">Bin logits [N, 4, R].</param>
    /// <param name="target">Target distances in bins [N, 4].</param>
    /// <returns>Loss per box, the mean over its four sides, [N].</returns>
    public static Tensor Compute(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        var bins = logits.shape[^1];
        // Held through the native calls (docs/training.md, "Scalars held through native calls").
        using var zero = 0.ToScalar();
        using var one = 1.ToScalar();
        using var highest = (bins - 1 - 0.01).ToScalar();
        var clamped = target.clamp(zero, highest);
        var left = clamped.to_type(ScalarType.Int64);
        var right = left.Plus(one);
        var leftWeight = right.to_type(clamped.dtype) - clamped;
        var rightWeight = one.Minus(leftWeight);
        var flat = logits.reshape(-1, bins);
        var leftLoss = nn.functional.cross_entropy(flat, left.flatten(), reduction: nn.Reduction.None).view_as(clamped);
        var rightLoss = nn.functional.cross_entropy(flat, right.flatten(), reduction: nn.Reduction.None).view_as(clamped);
        return (leftLoss * leftWeight).Plus(rightLoss * rightWeight).mean([-1]).MoveToOuterDisposeScope();
    }
}
