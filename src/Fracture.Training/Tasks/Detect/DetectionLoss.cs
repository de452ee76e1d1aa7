using Fracture.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// YOLOv8's anchor-free detection loss on the head's raw output [B, 4 * RegMax + C, A] (levels concatenated in
/// <see cref="DetectionAnchors"/> order). Each side's distance from an anchor is a softmax distribution over RegMax
/// bins in stride units; its expected value gives the predicted box. <see cref="TaskAlignedAssigner"/> picks the
/// positive anchors from the detached predictions; then
/// <list type="bullet">
/// <item>class: BCE with logits against the assigner's soft targets, summed over all anchors and classes;</item>
/// <item>box: 1 - CIoU on positives, weighted by each positive's target score;</item>
/// <item>DFL: <see cref="DistributionFocalLoss"/> on positives, targets in stride units, same weights;</item>
/// </list>
/// each divided by the sum of target scores (at least 1). Unlike Ultralytics the total is not multiplied by the batch
/// size: it stays a per-batch mean, so the learning rate does not have to shrink as the batch grows, and it is
/// comparable across batch sizes (divide Ultralytics' total by the batch size to compare).
/// </summary>
public sealed class DetectionLoss
{
    private readonly TaskAlignedAssigner _assigner;

    /// <param name="assigner">The label assigner; YOLOv8's settings (top 10, alpha 0.5, beta 6) when null.</param>
    public DetectionLoss(DetectionLossOptions options, TaskAlignedAssigner? assigner = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _assigner = assigner ?? new TaskAlignedAssigner();
    }

    public DetectionLossOptions Options { get; }

    /// <param name="raw">Head output [B, 4 * RegMax + C, A]: distance-bin logits (side-major: left, top, right, bottom), then class logits.</param>
    /// <param name="imageHeight">Input height in pixels (a multiple of the largest stride).</param>
    /// <param name="imageWidth">Input width in pixels.</param>
    /// <param name="gtLabels">Gt classes, int64 [B, M], padded to the batch's largest M.</param>
    /// <param name="gtBoxes">Gt boxes, xyxy in input pixels, [B, M, 4].</param>
    /// <param name="gtMask">Real gt rows (true) versus padding, bool [B, M].</param>
    public DetectionLossResult Compute(Tensor raw, int imageHeight, int imageWidth, Tensor gtLabels, Tensor gtBoxes, Tensor gtMask)
    {
        var (result, assignment) = ComputeWithAssignment(raw, imageHeight, imageWidth, gtLabels, gtBoxes, gtMask);
        assignment.Dispose();
        return result;
    }

    /// <summary>
    /// As <see cref="Compute"/>, and also the assignment it used (gt boxes in input pixels), for losses that build on
    /// the same positives (the segmenter's mask loss). The caller disposes the assignment.
    /// </summary>
    public (DetectionLossResult Result, TaskAlignedAssignment Assignment) ComputeWithAssignment(
        Tensor raw, int imageHeight, int imageWidth, Tensor gtLabels, Tensor gtBoxes, Tensor gtMask)
    {
        using var scope = NewDisposeScope();
        var head = Split(raw, imageHeight, imageWidth);
        var gridBoxes = BoxCoder.DistanceToBox(ExpectedDistance(head.Distributions), head.Points, xywh: false); // [B, A, 4]
        var assignment = _assigner.Assign(
            head.Logits.detach().sigmoid(),
            gridBoxes.detach() * head.Strides,
            head.Points * head.Strides,
            gtLabels,
            gtBoxes.to_type(ScalarType.Float32),
            gtMask);

        // Held through the native calls (docs/training.md, "Scalars held through native calls").
        using var one = 1.ToScalar();
        using var boxGain = Options.BoxGain.ToScalar();
        using var classGain = Options.ClassGain.ToScalar();
        using var dflGain = Options.DflGain.ToScalar();
        var targetScores = assignment.TargetScores;
        var scoreSum = targetScores.sum().clamp_min(one);
        var classLoss = nn.functional.binary_cross_entropy_with_logits(head.Logits, targetScores, reduction: nn.Reduction.None).sum() / scoreSum;

        var (boxLoss, dflLoss) = RegressionLosses(head, gridBoxes, assignment, scoreSum);
        var total = (boxGain * boxLoss).Plus(classGain * classLoss).Plus(dflGain * dflLoss);
        var result = new DetectionLossResult(
            total.MoveToOuterDisposeScope(),
            Options.BoxGain * boxLoss.item<float>(),
            Options.ClassGain * classLoss.item<float>(),
            Options.DflGain * dflLoss.item<float>());
        return (result, new TaskAlignedAssignment(
            assignment.TargetLabels.MoveToOuterDisposeScope(),
            assignment.TargetBoxes.MoveToOuterDisposeScope(),
            assignment.TargetScores.MoveToOuterDisposeScope(),
            assignment.Foreground.MoveToOuterDisposeScope(),
            assignment.TargetGtIndex.MoveToOuterDisposeScope()));
    }

    /// <summary>
    /// YOLOv8's inference layout [B, 4 + C, A]: per anchor the box as centre x, centre y, width, height in input
    /// pixels, then the C class probabilities (sigmoid).
    /// </summary>
    public Tensor Decode(Tensor raw, int imageHeight, int imageWidth)
    {
        using var scope = NewDisposeScope();
        var head = Split(raw, imageHeight, imageWidth);
        var boxes = BoxCoder.DistanceToBox(ExpectedDistance(head.Distributions), head.Points, xywh: true) * head.Strides;
        return cat([boxes.permute(0, 2, 1), head.Logits.sigmoid().permute(0, 2, 1)], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Box and DFL losses over the foreground anchors, in stride units; both zero when there is none.</summary>
    private (Tensor Box, Tensor Dfl) RegressionLosses(Head head, Tensor gridBoxes, TaskAlignedAssignment assignment, Tensor scoreSum)
    {
        var foreground = assignment.Foreground.flatten().nonzero().squeeze(-1); // flat (image, anchor) indices
        if (foreground.shape[0] == 0)
        {
            return (zeros([], dtype: gridBoxes.dtype), zeros([], dtype: gridBoxes.dtype));
        }

        using var anchorCount = head.Points.shape[0].ToScalar(); // held (docs/training.md, "Scalars held ...")
        using var one = 1.ToScalar();
        var anchorIndex = foreground.remainder(anchorCount);
        var points = head.Points.index_select(0, anchorIndex);
        var strides = head.Strides.index_select(0, anchorIndex);
        var weight = assignment.TargetScores.sum(-1).flatten().index_select(0, foreground);

        var predicted = gridBoxes.reshape(-1, 4).index_select(0, foreground);
        var target = assignment.TargetBoxes.reshape(-1, 4).index_select(0, foreground) / strides;
        var box = (one.Minus(BoxIou.Ciou(predicted, target)) * weight).sum() / scoreSum;

        var distributions = head.Distributions.reshape(-1, 4, Options.RegMax).index_select(0, foreground);
        var targetDistance = BoxCoder.BoxToDistance(points, target, Options.RegMax - 1);
        var dfl = (DistributionFocalLoss.Compute(distributions, targetDistance) * weight).sum() / scoreSum;
        return (box, dfl);
    }

    /// <summary>Expected distance per side in stride units, [B, A, 4], from bin logits [B, A, 4, RegMax].</summary>
    private Tensor ExpectedDistance(Tensor distributions) =>
        distributions.softmax(-1).matmul(ScalarFreeRange.Of(Options.RegMax, distributions.dtype));

    private Head Split(Tensor raw, int imageHeight, int imageWidth)
    {
        var (points, strides) = DetectionAnchors.ForImage(imageHeight, imageWidth, Options.Strides);
        var anchors = points.shape[0];
        if (raw.dim() != 3 || raw.shape[1] != Options.Channels || raw.shape[2] != anchors)
        {
            throw new ArgumentException(
                $"raw output must be [B, {Options.Channels}, {anchors}] for a {imageHeight}x{imageWidth} input, got [{string.Join(", ", raw.shape)}]",
                nameof(raw));
        }

        var batch = raw.shape[0];
        var bins = 4 * Options.RegMax;
        var distributions = raw.narrow(1, 0, bins).permute(0, 2, 1).reshape(batch, anchors, 4, Options.RegMax);
        var logits = raw.narrow(1, bins, Options.Classes).permute(0, 2, 1);
        return new Head(distributions, logits, points, strides);
    }

    /// <summary>The raw output split per anchor (distance-bin logits [B, A, 4, R], class logits [B, A, C]) and its anchors.</summary>
    private sealed record Head(Tensor Distributions, Tensor Logits, Tensor Points, Tensor Strides);
}
