using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public class PolygonIoUTests
{
    private static PixelPoint[] Rect(double x1, double y1, double x2, double y2) =>
        [new(x1, y1), new(x2, y1), new(x2, y2), new(x1, y2)];

    [Fact]
    public void Square_on_integer_corners_covers_exactly_its_pixels()
    {
        // [1,3]x[1,3]: centres 1.5 and 2.5 in each direction are inside -> pixels (1..2, 1..2), 4 of 16.
        var mask = PolygonRasterizer.Rasterize(Rect(1, 1, 3, 3), 4, 4);

        Assert.Equal(4, mask.PixelCount);
        Assert.True(mask[1, 1] && mask[2, 1] && mask[1, 2] && mask[2, 2]);
        Assert.False(mask[0, 0] || mask[3, 1] || mask[1, 3] || mask[3, 3]);
    }

    [Fact]
    public void Triangle_excludes_pixels_whose_centre_is_on_the_right_edge()
    {
        // Triangle (0,0),(4,0),(0,4): centre inside when cx + cy < 4, i.e. x + y + 1 < 4 -> x + y <= 2.
        // Rows: y=0 -> 3 pixels, y=1 -> 2, y=2 -> 1, y=3 -> 0: 6 pixels. The diagonal x + y = 3 has its
        // centres exactly on the hypotenuse (a right edge), so it is out.
        var mask = PolygonRasterizer.Rasterize([new(0, 0), new(4, 0), new(0, 4)], 4, 4);

        Assert.Equal(6, mask.PixelCount);
        Assert.True(mask[2, 0] && mask[1, 1] && mask[0, 2]);
        Assert.False(mask[3, 0] || mask[2, 1] || mask[0, 3]);
    }

    [Fact]
    public void Fractional_edges_use_pixel_centres()
    {
        // x in [0.4, 2.6]: centres 0.5, 1.5, 2.5 inside; y in [0, 1]: centre 0.5 -> 3 pixels.
        var mask = PolygonRasterizer.Rasterize(Rect(0.4, 0, 2.6, 1), 4, 2);

        Assert.Equal(3, mask.PixelCount);
        Assert.False(mask[3, 0]);
    }

    [Fact]
    public void Polygon_outside_the_grid_is_clipped()
    {
        // [-1,5]^2 covers the whole 4x4 grid: 16 pixels.
        Assert.Equal(16, PolygonRasterizer.Rasterize(Rect(-1, -1, 5, 5), 4, 4).PixelCount);
    }

    [Fact]
    public void Concave_polygon_is_filled_by_even_odd_spans()
    {
        // L shape = 4x4 square minus the 2x2 corner [2,4]x[2,4]: 16 - 4 = 12 pixels.
        PixelPoint[] l = [new(0, 0), new(4, 0), new(4, 2), new(2, 2), new(2, 4), new(0, 4)];

        Assert.Equal(12, PolygonRasterizer.Rasterize(l, 4, 4).PixelCount);

        // Against the full square: intersection 12, union 16 -> 0.75.
        Assert.Equal(0.75, PolygonIoU.Compute(l, Rect(0, 0, 4, 4)), 12);
    }

    [Fact]
    public void Squares_overlapping_by_half_have_iou_one_third()
    {
        // [0,4]^2 and [2,6]x[0,4]: 16 pixels each, overlap [2,4]x[0,4] = 8 -> 8 / (16 + 16 - 8) = 1/3.
        Assert.Equal(1.0 / 3, PolygonIoU.Compute(Rect(0, 0, 4, 4), Rect(2, 0, 6, 4)), 12);
    }

    [Fact]
    public void Squares_overlapping_at_a_corner_have_iou_one_seventh()
    {
        // [0,4]^2 and [2,6]^2: overlap 2x2 = 4 -> 4 / (16 + 16 - 4) = 1/7.
        Assert.Equal(1.0 / 7, PolygonIoU.Compute(Rect(0, 0, 4, 4), Rect(2, 2, 6, 6)), 12);
    }

    [Fact]
    public void Negative_coordinates_are_measured_on_the_union_box()
    {
        // Same as the corner case shifted by (-2,-2): [-2,2]^2 and [0,4]^2 -> 1/7.
        Assert.Equal(1.0 / 7, PolygonIoU.Compute(Rect(-2, -2, 2, 2), Rect(0, 0, 4, 4)), 12);
    }

    [Fact]
    public void Triangle_against_its_bounding_square()
    {
        // Triangle covers 6 pixels (see above), the square 16, all triangle pixels are in the square: 6/16.
        Assert.Equal(0.375, PolygonIoU.Compute([new(0, 0), new(4, 0), new(0, 4)], Rect(0, 0, 4, 4)), 12);
    }

    [Fact]
    public void Identical_polygons_have_iou_one_and_disjoint_ones_zero()
    {
        Assert.Equal(1.0, PolygonIoU.Compute(Rect(1, 2, 7, 5), Rect(1, 2, 7, 5)));
        Assert.Equal(0.0, PolygonIoU.Compute(Rect(0, 0, 2, 2), Rect(5, 5, 7, 7)));

        // Touching along x = 2: the left square owns pixel columns 0..1, the right one 2..3 -> no overlap.
        Assert.Equal(0.0, PolygonIoU.Compute(Rect(0, 0, 2, 2), Rect(2, 0, 4, 2)));
    }

    [Fact]
    public void Degenerate_polygons_give_zero()
    {
        Assert.Equal(0.0, PolygonIoU.Compute([new(0, 0), new(4, 4)], Rect(0, 0, 4, 4)));
    }

    [Fact]
    public void Mask_iou_counts_pixels()
    {
        // a = {0,1,2}, b = {1,2,3} in a 2x2 mask: intersection 2, union 4 -> 0.5.
        var a = BinaryMask.FromPixels(2, 2, [true, true, true, false]);
        var b = BinaryMask.FromPixels(2, 2, [false, true, true, true]);

        Assert.Equal(0.5, MaskIoU.Compute(a, b));
        Assert.Equal(0.0, MaskIoU.Compute(BinaryMask.Empty(3, 3), BinaryMask.Empty(3, 3)));
        Assert.Throws<ArgumentException>(() => MaskIoU.Compute(a, BinaryMask.Empty(3, 2)));
    }

    [Fact]
    public void A_polygon_far_larger_than_the_other_is_scored_exactly_from_the_overlap_of_their_bounds()
    {
        // 10x10 inside a 1,000,000 x 1,000,000 square: intersection 100, union 10^12 -> 10^-10. The old whole-union
        // raster needed 10^12 bits (125 GB); the overlap is 10x10.
        var iou = PolygonIoU.Compute(Rect(0, 0, 1_000_000, 1_000_000), Rect(20, 30, 30, 40));

        Assert.Equal(100.0 / 1e12, iou, 1e-18);
    }

    [Fact]
    public void Pixel_counts_without_a_mask_match_the_raster()
    {
        PixelPoint[] l = [new(0.3, 0.2), new(7.6, 0.4), new(7.1, 3.9), new(3.4, 3.3), new(2.2, 8.8), new(0.1, 6.5)];

        Assert.Equal(PolygonRasterizer.Rasterize(l, 10, 10).PixelCount, PolygonRasterizer.CountPixels(l));
        Assert.Equal(12, PolygonRasterizer.CountPixels([new(0, 0), new(4, 0), new(4, 2), new(2, 2), new(2, 4), new(0, 4)]));
        Assert.Equal(0, PolygonRasterizer.CountPixels([new(0, 0), new(4, 0)]));
    }
}
