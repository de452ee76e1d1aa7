using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// YOLOv8-seg's loss: the detector's box, class and DFL losses (<see cref="DetectionLoss"/>, same assignment), plus a
/// mask loss on the same positive anchors. Each positive's mask logits are its coefficients times the image's
/// prototypes; the loss is their per-cell BCE against its assigned object's mask, summed over the cells inside that
/// object's box and divided by the box's area in cells (so small and large fractures weigh alike), averaged over the
/// positives and scaled by the box gain, as Ultralytics does. With a margin (<see cref="TrainOptions.MaskLossMargin"/>)
/// the cells counted, and the area divided by, are those of the box grown by that share of its size on each side, cut
/// at the grid's edge.
/// </summary>
public sealed class SegmentationLoss
{
    private readonly DetectionLoss _detection;
    private readonly double _margin;

    /// <param name="margin">Share of the box's width and height added on each side of the mask loss's region; 0: the box.</param>
    public SegmentationLoss(DetectionLossOptions options, double margin = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        _detection = new DetectionLoss(options);
        _margin = margin;
    }

    public DetectionLossOptions Options => _detection.Options;

    /// <param name="raw">Detect head output [B, 4 x RegMax + C, A].</param>
    /// <param name="coefficients">Mask coefficients [B, M, A].</param>
    /// <param name="prototypes">Prototypes [B, M, h, w] (the input's size divided by the prototype stride).</param>
    /// <param name="batch">Gt boxes and masks on the prototype grid, [B, G, h, w].</param>
    public SegmentationLossResult Compute(Tensor raw, Tensor coefficients, Tensor prototypes, int imageHeight, int imageWidth, SegmentBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var boxes = batch.Boxes;
        var (detection, assignment) = _detection.ComputeWithAssignment(raw, imageHeight, imageWidth, boxes.GtLabels, boxes.GtBoxes, boxes.GtMask);
        using (assignment)
        {
            using var boxGain = Options.BoxGain.ToScalar(); // held (docs/training.md, "Scalars held ...")
            var mask = MaskLoss(coefficients, prototypes, assignment, batch.GtMasks, imageHeight, imageWidth, _margin) * boxGain;
            var total = detection.Total.Plus(mask);
            return new SegmentationLossResult(total.MoveToOuterDisposeScope(), detection.Box, detection.Class, detection.Dfl, mask.item<float>());
        }
    }

    internal static Tensor MaskLoss(Tensor coefficients, Tensor prototypes, TaskAlignedAssignment assignment, Tensor gtMasks, int imageHeight, int imageWidth, double margin = 0)
    {
        var (batch, masks, height, width) = (prototypes.shape[0], prototypes.shape[1], prototypes.shape[2], prototypes.shape[3]);
        var positives = assignment.Foreground.sum().item<long>();
        if (positives == 0 || gtMasks.shape[1] == 0)
        {
            // Keeps the mask branches in the graph (zero gradient) so every step has the same parameters.
            using var zero = 0.ToScalar(); // held (docs/training.md, "Scalars held ...")
            return coefficients.sum().Plus(prototypes.sum()) * zero;
        }

        var scale = tensor(new[] { (float)width / imageWidth, (float)height / imageHeight, (float)width / imageWidth, (float)height / imageHeight });
        // Held through the native calls (docs/training.md, "Scalars held through native calls").
        using var smallestArea = 1e-4.ToScalar();
        using var positiveCount = positives.ToScalar();
        var sum = zeros([], dtype: ScalarType.Float32);
        for (var b = 0; b < batch; b++)
        {
            var anchors = assignment.Foreground[b].nonzero().squeeze(-1);
            if (anchors.shape[0] == 0)
            {
                continue;
            }

            var logits = coefficients[b].index_select(1, anchors).t().matmul(prototypes[b].reshape(masks, -1)).view(-1, height, width);
            var target = gtMasks[b].index_select(0, assignment.TargetGtIndex[b].index_select(0, anchors));
            var box = assignment.TargetBoxes[b].index_select(0, anchors) * scale; // [P, 4] in cells
            if (margin > 0)
            {
                box = Grown(box, margin, height, width);
            }

            var inside = BoxCrop.Cells(box, height, width).to_type(ScalarType.Float32);
            var area = ((box[.., 2] - box[.., 0]) * (box[.., 3] - box[.., 1])).clamp_min(smallestArea);
            var bce = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None);
            sum = sum.Plus(((bce * inside).sum([1, 2]) / area).sum());
        }

        return sum / positiveCount;
    }

    /// <summary>Boxes [P, 4] (cells) grown by <paramref name="margin"/> of their width and height on each side, cut to the grid.</summary>
    private static Tensor Grown(Tensor box, double margin, long height, long width)
    {
        // Held through the native calls (docs/training.md, "Scalars held through native calls").
        using var share = margin.ToScalar();
        using var none = 0.ToScalar();
        using var right = width.ToScalar();
        using var bottom = height.ToScalar();
        var dx = (box[.., 2] - box[.., 0]) * share;
        var dy = (box[.., 3] - box[.., 1]) * share;
        return stack(
            [(box[.., 0] - dx).clamp_min(none), (box[.., 1] - dy).clamp_min(none), box[.., 2].Plus(dx).clamp_max(right), box[.., 3].Plus(dy).clamp_max(bottom)],
            1);
    }
}
