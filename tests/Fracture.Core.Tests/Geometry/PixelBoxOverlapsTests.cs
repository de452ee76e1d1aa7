using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Geometry;

public sealed class PixelBoxOverlapsTests
{
    [Theory]
    [InlineData(5, 5, 15, 15, true)] // corner inside
    [InlineData(2, 2, 8, 8, true)] // inside
    [InlineData(10, 0, 20, 10, false)] // shares the right edge only
    [InlineData(10, 10, 20, 20, false)] // shares a corner only
    [InlineData(11, 0, 20, 10, false)] // apart
    [InlineData(-5, 4, 15, 6, true)] // crosses the whole box
    public void Boxes_overlap_only_when_they_share_area(double x1, double y1, double x2, double y2, bool expected)
    {
        var box = new PixelBox(0, 0, 10, 10);
        var other = new PixelBox(x1, y1, x2, y2);

        Assert.Equal(expected, box.Overlaps(other));
        Assert.Equal(expected, other.Overlaps(box));
        Assert.Equal(expected, box.IoU(other) > 0);
    }
}
