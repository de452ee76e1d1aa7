using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// YOLOv8's task-aligned assigner (TOOD, Feng et al. 2021): decides which anchors learn which ground-truth box from
/// the current predictions, so that the anchors that already both classify and localise a box well are the ones
/// trained on it. For each gt, among the anchors whose point lies inside it, the <see cref="TopK"/> with the highest
/// alignment <c>score^Alpha * IoU^Beta</c> become positives (score: predicted probability of the gt's class); an
/// anchor claimed by several gts keeps the one it overlaps most. The class target of a positive is its alignment
/// normalised per gt (best anchor = that gt's best IoU), so poorly aligned positives are asked for lower scores.
/// The IoU is CIoU clamped at 0, as Ultralytics uses (its centre and aspect terms break ties between anchors with
/// equal plain IoU). No gradient flows through the assignment.
/// </summary>
public sealed class TaskAlignedAssigner
{
    /// <param name="topK">Positives per gt (at most).</param>
    /// <param name="alpha">Weight of the class score in the alignment.</param>
    /// <param name="beta">Weight of the IoU in the alignment.</param>
    /// <param name="epsilon">Margin for "inside a box" and guard for the normalisation's division.</param>
    public TaskAlignedAssigner(int topK = 10, double alpha = 0.5, double beta = 6.0, double epsilon = 1e-9)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (!(alpha >= 0 && double.IsFinite(alpha)))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be a finite non-negative number");
        }

        if (!(beta >= 0 && double.IsFinite(beta)))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be a finite non-negative number");
        }

        if (!(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive");
        }

        TopK = topK;
        Alpha = alpha;
        Beta = beta;
        Epsilon = epsilon;
    }

    public int TopK { get; }

    public double Alpha { get; }

    public double Beta { get; }

    public double Epsilon { get; }

    /// <param name="predScores">Predicted class probabilities (after sigmoid), [B, A, C].</param>
    /// <param name="predBoxes">Predicted boxes, xyxy in input pixels, [B, A, 4].</param>
    /// <param name="anchorPoints">Anchor points in input pixels, [A, 2].</param>
    /// <param name="gtLabels">Gt classes, int64 [B, M]; rows padded to the batch's largest M.</param>
    /// <param name="gtBoxes">Gt boxes, xyxy in input pixels, [B, M, 4].</param>
    /// <param name="gtMask">Which rows are real gts (true) and which padding, bool [B, M].</param>
    public TaskAlignedAssignment Assign(Tensor predScores, Tensor predBoxes, Tensor anchorPoints, Tensor gtLabels, Tensor gtBoxes, Tensor gtMask)
    {
        Validate(predScores, predBoxes, anchorPoints, gtLabels, gtBoxes, gtMask);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (batch, anchors, classes) = (predScores.shape[0], predScores.shape[1], predScores.shape[2]);
        var maxBoxes = gtBoxes.shape[1];
        if (maxBoxes == 0)
        {
            return Keep(
                zeros(batch, anchors, dtype: ScalarType.Int64),
                zeros(batch, anchors, 4, dtype: predBoxes.dtype),
                zeros_like(predScores),
                zeros(batch, anchors, dtype: ScalarType.Bool),
                zeros(batch, anchors, dtype: ScalarType.Int64));
        }

        var real = gtMask.to_type(ScalarType.Bool);

        // Held through the native calls (docs/training.md, "Scalars held through native calls").
        using var zero = 0.ToScalar();
        using var one = 1.ToScalar();
        using var lastClass = (classes - 1).ToScalar();
        using var alpha = Alpha.ToScalar();
        using var beta = Beta.ToScalar();
        using var tiny = float.Epsilon.ToScalar();
        using var epsilon = Epsilon.ToScalar();

        // Padding rows may carry any label; clamping keeps the gathers in range and the masks discard them.
        var labels = gtLabels.to_type(ScalarType.Int64).clamp(zero, lastClass);
        var candidates = InsideBoxes(anchorPoints, gtBoxes, epsilon).logical_and(real.unsqueeze(-1)); // [B, M, A]

        var scores = predScores.detach().transpose(1, 2).gather(1, labels.unsqueeze(-1).expand(-1, -1, anchors)); // [B, M, A]
        var ious = BoxIou.Ciou(gtBoxes.unsqueeze(2), predBoxes.detach().unsqueeze(1)).clamp_min(zero);
        var overlaps = where(candidates, ious, zeros_like(ious));
        var alignment = where(candidates, scores.pow(alpha) * overlaps.pow(beta), zeros_like(overlaps));

        // The top-k by alignment per gt; those outside the gt (chosen only when it holds fewer than k anchors) drop out.
        var top = alignment.topk((int)Math.Min(TopK, anchors), dim: -1).indexes;
        var inTopK = zeros_like(alignment).scatter(-1, top, ones_like(top, dtype: alignment.dtype)).gt(zero);
        var positive = inTopK.logical_and(candidates);

        // An anchor in several gts' top-k keeps only the claimer it overlaps most (the first on a tie). Only claimers
        // compete: over every gt, overlaps clamped to 0 with all of them gave gt 0, which may not even hold the anchor
        // (Ultralytics takes the argmax over every gt).
        var claims = positive.sum(1, type: ScalarType.Int64);
        var claimerOverlaps = where(positive, overlaps, ones_like(overlaps).neg());
        var mostOverlapped = nn.functional.one_hot(claimerOverlaps.argmax(1), maxBoxes).permute(0, 2, 1).to_type(ScalarType.Bool);
        positive = where(claims.gt(one).unsqueeze(1), mostOverlapped, positive);

        var foreground = positive.any(1);
        var gtIndex = positive.to_type(ScalarType.Float32).argmax(1); // [B, A]; 0 on background
        var targetLabels = labels.gather(1, gtIndex);
        var targetBoxes = gtBoxes.gather(1, gtIndex.unsqueeze(-1).expand(-1, -1, 4));

        // Normalise each gt's alignments so that its best positive's target equals its best positive's IoU. Ultralytics
        // divides by (best + 1e-9), which zeroes the targets of any gt whose best alignment is under about 1e-9: with
        // IoU^6 that is every gt the early, large predictions overlap by less than ~0.04, i.e. small fractures, which
        // then never learn (measured in DetectOverfitTests). Dividing by the best alignment itself keeps them.
        var positiveWeight = positive.to_type(alignment.dtype);
        var positiveAlignment = alignment * positiveWeight;
        var bestAlignment = positiveAlignment.amax([-1], keepdim: true);
        var bestOverlap = (overlaps * positiveWeight).amax([-1], keepdim: true);
        var ratio = where(bestAlignment.gt(zero), positiveAlignment / bestAlignment.clamp_min(tiny), zeros_like(positiveAlignment));
        var normalised = (ratio * bestOverlap).amax([1]); // [B, A]
        var targetScores = nn.functional.one_hot(targetLabels, classes).to_type(predScores.dtype)
            * (normalised * foreground.to_type(normalised.dtype)).unsqueeze(-1).to_type(predScores.dtype);

        return Keep(targetLabels, targetBoxes, targetScores, foreground, gtIndex);
    }

    /// <summary>Whether each anchor point lies strictly inside each gt box (by more than eps), [B, M, A].</summary>
    private static Tensor InsideBoxes(Tensor points, Tensor gtBoxes, Scalar epsilon)
    {
        var corners = gtBoxes.unsqueeze(2).chunk(2, -1); // [B, M, 1, 2] each
        var margins = cat([points - corners[0], corners[1] - points], -1); // [B, M, A, 4]
        return margins.amin([-1]).gt(epsilon);
    }

    private static TaskAlignedAssignment Keep(Tensor labels, Tensor boxes, Tensor scores, Tensor foreground, Tensor gtIndex) =>
        new(labels.MoveToOuterDisposeScope(), boxes.MoveToOuterDisposeScope(), scores.MoveToOuterDisposeScope(),
            foreground.MoveToOuterDisposeScope(), gtIndex.MoveToOuterDisposeScope());

    private static void Validate(Tensor predScores, Tensor predBoxes, Tensor anchorPoints, Tensor gtLabels, Tensor gtBoxes, Tensor gtMask)
    {
        if (predScores.dim() != 3)
        {
            throw new ArgumentException($"predScores must be [B, A, C], got [{string.Join(", ", predScores.shape)}]", nameof(predScores));
        }

        var (batch, anchors) = (predScores.shape[0], predScores.shape[1]);
        var maxBoxes = gtLabels.dim() == 2 ? gtLabels.shape[1] : -1;
        Expect(predBoxes, [batch, anchors, 4], nameof(predBoxes));
        Expect(anchorPoints, [anchors, 2], nameof(anchorPoints));
        Expect(gtLabels, [batch, maxBoxes], nameof(gtLabels));
        Expect(gtBoxes, [batch, maxBoxes, 4], nameof(gtBoxes));
        Expect(gtMask, [batch, maxBoxes], nameof(gtMask));
    }

    private static void Expect(Tensor tensor, long[] shape, string name)
    {
        if (!tensor.shape.SequenceEqual(shape))
        {
            throw new ArgumentException($"{name} must be [{string.Join(", ", shape)}], got [{string.Join(", ", tensor.shape)}]", name);
        }
    }
}
