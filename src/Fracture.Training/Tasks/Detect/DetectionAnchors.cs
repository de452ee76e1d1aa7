using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// The anchor points of an anchor-free detector: one per cell of each feature level, at the cell centre. The order
/// (levels in turn, then rows, then columns) is the order in which the head's outputs are concatenated, so anchor
/// <c>a</c> of the loss and of <see cref="DetectionLoss.Decode"/> is column <c>a</c> of the raw output.
/// </summary>
public static class DetectionAnchors
{
    /// <summary>YOLOv8's strides: the P3, P4 and P5 levels.</summary>
    public static IReadOnlyList<int> DefaultStrides { get; } = [8, 16, 32];

    /// <summary>
    /// Cell centres <c>(i + 0.5, j + 0.5)</c> as (x, y) in each level's own grid units, float32 [A, 2], and each
    /// anchor's stride, float32 [A, 1]; multiplying the two gives input pixels.
    /// </summary>
    public static (Tensor Points, Tensor Strides) Make(IReadOnlyList<(int Height, int Width)> featureSizes, IReadOnlyList<int> strides)
    {
        ArgumentNullException.ThrowIfNull(featureSizes);
        ArgumentNullException.ThrowIfNull(strides);
        if (featureSizes.Count != strides.Count || featureSizes.Count == 0)
        {
            throw new ArgumentException($"need one stride per feature level, got {featureSizes.Count} levels and {strides.Count} strides", nameof(strides));
        }

        var total = 0;
        for (var level = 0; level < featureSizes.Count; level++)
        {
            var (height, width) = featureSizes[level];
            ArgumentOutOfRangeException.ThrowIfLessThan(height, 1, nameof(featureSizes));
            ArgumentOutOfRangeException.ThrowIfLessThan(width, 1, nameof(featureSizes));
            ArgumentOutOfRangeException.ThrowIfLessThan(strides[level], 1, nameof(strides));
            total += height * width;
        }

        // Filled in managed arrays: the loss builds anchors every step, and arange/full would make temporary Scalars
        // that nothing holds through the native call (docs/training.md, "Scalars held through native calls").
        var points = new float[total * 2];
        var strideColumn = new float[total];
        var anchor = 0;
        for (var level = 0; level < featureSizes.Count; level++)
        {
            // Row-major: y is the outer index, x the inner one, as a flattened [H, W] feature map.
            var (height, width) = featureSizes[level];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++, anchor++)
                {
                    points[2 * anchor] = x + 0.5f;
                    points[(2 * anchor) + 1] = y + 0.5f;
                    strideColumn[anchor] = strides[level];
                }
            }
        }

        using var scope = NewDisposeScope();
        return (tensor(points).reshape(total, 2).MoveToOuterDisposeScope(), tensor(strideColumn).reshape(total, 1).MoveToOuterDisposeScope());
    }

    /// <summary>Feature-map sizes (input size / stride) of an input whose sides are multiples of the largest stride.</summary>
    public static IReadOnlyList<(int Height, int Width)> FeatureSizes(int imageHeight, int imageWidth, IReadOnlyList<int> strides)
    {
        ArgumentNullException.ThrowIfNull(strides);
        var largest = strides.Count == 0 ? 0 : strides.Max();
        ArgumentOutOfRangeException.ThrowIfLessThan(largest, 1, nameof(strides));
        if (imageHeight <= 0 || imageWidth <= 0 || imageHeight % largest != 0 || imageWidth % largest != 0)
        {
            throw new ArgumentException($"input {imageHeight}x{imageWidth} must have positive sides that are multiples of {largest}");
        }

        return [.. strides.Select(s => (imageHeight / s, imageWidth / s))];
    }

    /// <summary>Anchors of an input of this size (<see cref="FeatureSizes"/> then <see cref="Make"/>).</summary>
    public static (Tensor Points, Tensor Strides) ForImage(int imageHeight, int imageWidth, IReadOnlyList<int> strides) =>
        Make(FeatureSizes(imageHeight, imageWidth, strides), strides);

    /// <summary>Number of anchors of an input of this size: the sum of the feature-map areas.</summary>
    public static int Count(int imageHeight, int imageWidth, IReadOnlyList<int> strides) =>
        FeatureSizes(imageHeight, imageWidth, strides).Sum(s => s.Height * s.Width);
}
