namespace Fracture.Core.Datasets.Checking;

/// <summary>Image sizes of a split (decoded images only): smallest, median and largest long side, and the extremes.</summary>
public sealed record ImageSizeSummary(int MinLongSide, int MedianLongSide, int MaxLongSide, int MinWidth, int MinHeight, int MaxWidth, int MaxHeight)
{
    public static ImageSizeSummary From(IReadOnlyCollection<(int Width, int Height)> sizes)
    {
        if (sizes.Count == 0)
        {
            return new ImageSizeSummary(0, 0, 0, 0, 0, 0, 0);
        }

        var longSides = sizes.Select(s => Math.Max(s.Width, s.Height)).Order().ToArray();
        return new ImageSizeSummary(
            longSides[0],
            longSides[longSides.Length / 2],
            longSides[^1],
            sizes.Min(s => s.Width),
            sizes.Min(s => s.Height),
            sizes.Max(s => s.Width),
            sizes.Max(s => s.Height));
    }
}
