using Fracture.Core.Datasets.Checking;
using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Datasets;

public sealed class BoxSizeSummaryTests
{
    [Fact]
    public void Quartiles_interpolate_between_order_statistics()
    {
        // Sorted: 0.04, 0.1, 0.2, 0.3. Positions q·(n-1): 0.75, 1.5, 2.25.
        // P25 = 0.04 + 0.75·0.06 = 0.085; median = (0.1 + 0.2) / 2 = 0.15; P75 = 0.2 + 0.25·0.1 = 0.225.
        var summary = BoxSizeSummary.From([0.3, 0.1, 0.04, 0.2]);

        Assert.Equal(4, summary.Count);
        Assert.Equal(0.085, summary.P25, 12);
        Assert.Equal(0.15, summary.Median, 12);
        Assert.Equal(0.225, summary.P75, 12);
        Assert.Equal(0.25, summary.SmallShare, 12); // only 0.04 is under 0.05
    }

    [Fact]
    public void One_box_is_every_quartile_and_none_is_empty()
    {
        Assert.Equal(new BoxSizeSummary(1, 0.5, 0.5, 0.5, 0), BoxSizeSummary.From([0.5]));
        Assert.Equal(BoxSizeSummary.Empty, BoxSizeSummary.From([]));
    }

    [Fact]
    public void Relative_size_is_the_pixel_box_side_over_the_long_side()
    {
        // 0.5 × 0.2 of a 400 × 200 image is 200 × 40 px: sqrt(8000) = 89.4427 px, over the 400-px long side.
        var size = BoxSizeSummary.RelativeSize(new NormalizedBox(0.5, 0.5, 0.5, 0.2), 400, 200);

        Assert.Equal(Math.Sqrt(8000) / 400, size, 12);

        // Letterboxed to 320 px the box is 160 × 32 px, and the relative size gives that box's side.
        Assert.Equal(Math.Sqrt(160 * 32), size * 320, 9);
    }
}
