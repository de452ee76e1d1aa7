using Fracture.Core.Metrics;

namespace Fracture.Core.Datasets.Checking;

/// <summary>
/// How large one class's boxes are. A box's size is the square root of its area in pixels divided by its image's
/// long side; times a letterboxed input size (e.g. 320) it is the box's side in input pixels, so one figure serves
/// every input size.
/// </summary>
/// <param name="Count">Boxes measured (on decoded images only).</param>
/// <param name="P25">First quartile of the relative size.</param>
/// <param name="Median">Median relative size.</param>
/// <param name="P75">Third quartile of the relative size.</param>
/// <param name="SmallShare">Share of boxes under <see cref="SmallSide"/> of the long side (16 px at a 320-px input).</param>
public sealed record BoxSizeSummary(int Count, double P25, double Median, double P75, double SmallShare)
{
    /// <summary>The relative size below which a box counts as small: 16 px at 320, YOLOv8's finest stride times two.</summary>
    public const double SmallSide = 0.05;

    public static BoxSizeSummary Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Summarises relative sizes; quantiles interpolate linearly between order statistics.</summary>
    public static BoxSizeSummary From(IReadOnlyCollection<double> relativeSizes)
    {
        if (relativeSizes.Count == 0)
        {
            return Empty;
        }

        var sorted = relativeSizes.Order().ToArray();
        return new BoxSizeSummary(
            sorted.Length,
            Quantile.Linear(sorted, 0.25),
            Quantile.Linear(sorted, 0.5),
            Quantile.Linear(sorted, 0.75),
            (double)sorted.Count(s => s < SmallSide) / sorted.Length);
    }

    /// <summary>The relative size of a normalised box on an image of the given pixel size.</summary>
    public static double RelativeSize(Geometry.NormalizedBox box, int width, int height) =>
        Math.Sqrt(box.Width * width * box.Height * height) / Math.Max(width, height);
}
