using Fracture.Core.Augmentation;
using Fracture.Core.Datasets;
using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Augmentation;

public class InstanceWarpTests
{
    [Fact]
    public void Polygon_half_outside_after_a_shift_is_clipped_to_the_border()
    {
        var square = new PixelInstance(3, new PixelBox(40, 20, 80, 60), Patterns.Rect(40, 20, 80, 60));

        var moved = InstanceWarp.Apply(square, AffineTransform.Translation(40, 0), 100, 100);

        Assert.NotNull(moved);
        Assert.Equal(3, moved.ClassId);
        Assert.Equal(new PixelBox(80, 20, 100, 60), moved.Box);
        Assert.NotNull(moved.Polygon);
        Assert.Equal(800, PolygonClipper.Area(moved.Polygon), 1e-9);
        Assert.All(moved.Polygon, p => Assert.InRange(p.X, 80, 100));
        Assert.Contains(new PixelPoint(100, 20), moved.Polygon);
        Assert.Contains(new PixelPoint(100, 60), moved.Polygon);
    }

    [Fact]
    public void Polygon_over_a_corner_is_clipped_by_both_borders()
    {
        // A diamond centred on the origin corner: only its quarter in the image remains, a right triangle.
        PixelPoint[] diamond = [new(0, -30), new(30, 0), new(0, 30), new(-30, 0)];

        var moved = InstanceWarp.Apply(new PixelInstance(0, new PixelBox(-30, -30, 30, 30), diamond), AffineTransform.Identity, 50, 50);

        Assert.NotNull(moved);
        Assert.Equal(new PixelBox(0, 0, 30, 30), moved.Box);
        Assert.Equal(450, PolygonClipper.Area(moved.Polygon!), 1e-9); // 1800 before: 25% >= 20% kept
    }

    [Fact]
    public void Instance_pushed_fully_out_is_dropped()
    {
        var box = new PixelInstance(0, new PixelBox(10, 10, 30, 30), null);
        var polygon = new PixelInstance(1, new PixelBox(10, 10, 30, 30), Patterns.Rect(10, 10, 30, 30));

        var kept = InstanceWarp.Apply([box, polygon], AffineTransform.Translation(200, 0), 100, 100);

        Assert.Empty(kept);
    }

    [Theory]
    [InlineData(36, false)] // 4 of 40 px left: 10% < 20%
    [InlineData(30, true)] // 10 of 40 px left: 25%
    public void Instance_mostly_outside_is_dropped_by_the_area_rule(double shift, bool kept)
    {
        var polygon = new PixelInstance(1, new PixelBox(60, 20, 100, 60), Patterns.Rect(60, 20, 100, 60));
        var box = polygon with { Polygon = null };

        var result = InstanceWarp.Apply([polygon, box], AffineTransform.Translation(shift, 0), 100, 100);

        Assert.Equal(kept ? 2 : 0, result.Count);
    }

    [Fact]
    public void Slivers_under_two_pixels_are_dropped_even_when_fully_inside()
    {
        var thin = new PixelInstance(0, new PixelBox(10, 10, 60, 11.5), Patterns.Rect(10, 10, 60, 11.5));
        var wide = new PixelInstance(0, new PixelBox(10, 10, 60, 12), Patterns.Rect(10, 10, 60, 12));

        var kept = InstanceWarp.Apply([thin, wide], AffineTransform.Identity, 100, 100);

        Assert.Single(kept);
        Assert.Equal(12, kept[0].Box.Y2);
    }

    [Fact]
    public void Zoom_does_not_count_as_loss()
    {
        // Shrunk to a quarter of its area but fully inside: kept.
        var polygon = new PixelInstance(0, new PixelBox(20, 20, 80, 80), Patterns.Rect(20, 20, 80, 80));

        var moved = InstanceWarp.Apply(polygon, AffineTransform.Scaling(0.5, 50, 50), 100, 100);

        Assert.NotNull(moved);
        Assert.Equal(new PixelBox(35, 35, 65, 65), moved.Box);
    }

    [Fact]
    public void Box_without_polygon_becomes_the_clipped_extent_of_its_corners()
    {
        // A 20 x 10 box turned 90 degrees about its centre (50, 25) becomes 10 x 20; shifted left by 45 it loses 25 px of 45.
        var box = new PixelInstance(2, new PixelBox(40, 20, 60, 30), null);

        var turned = InstanceWarp.Apply(box, AffineTransform.Rotation(90, 50, 25), 100, 100);
        var shifted = InstanceWarp.Apply(box, AffineTransform.Translation(-45, 0), 100, 100);

        Assert.Equal(new PixelBox(45, 15, 55, 35), turned!.Box);
        Assert.Null(turned.Polygon);
        Assert.Equal(new PixelBox(0, 20, 15, 30), shifted!.Box);
    }

    [Fact]
    public void Pixel_instances_round_trip_through_normalised_labels()
    {
        var label = new LabelInstance(4, NormalizedBox.FromCorners(0.25, 0.5, 0.75, 1), [new(0.25, 0.5), new(0.75, 0.5), new(0.5, 1)]);

        var pixels = PixelInstance.FromLabel(label, 200, 100);
        var back = pixels.ToLabel(200, 100);

        Assert.Equal(new PixelBox(50, 50, 150, 100), pixels.Box);
        Assert.Equal([new(50, 50), new(150, 50), new(100, 100)], pixels.Polygon!);
        Assert.Equal(label.ClassId, back.ClassId);
        Assert.Equal(label.Box, back.Box);
        Assert.Equal(label.Polygon!, back.Polygon!);
        Assert.Null(PixelInstance.FromLabel(label with { Polygon = null }, 200, 100).Polygon);
    }

    [Fact]
    public void Clipper_measures_and_boxes()
    {
        PixelPoint[] triangle = [new(0, 0), new(4, 0), new(0, 3)];

        Assert.Equal(6, PolygonClipper.Area(triangle));
        Assert.Equal(new PixelBox(0, 0, 4, 3), PolygonClipper.Extent(triangle));
        Assert.Equal(triangle, PolygonClipper.ClipToRectangle(triangle, 10, 10)); // fully inside: unchanged
        Assert.Empty(PolygonClipper.ClipToRectangle(Patterns.Rect(20, 20, 30, 30), 10, 10));
    }
}
