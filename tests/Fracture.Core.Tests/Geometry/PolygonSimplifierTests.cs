using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Geometry;

public sealed class PolygonSimplifierTests
{
    // Outline of a 3x3 staircase triangle of pixels (rows of 1, 2, 3 pixels), as MaskContour gives it.
    private static readonly PixelPoint[] Staircase = [P(0, 0), P(1, 0), P(1, 1), P(2, 1), P(2, 2), P(3, 2), P(3, 3), P(0, 3)];

    [Fact]
    public void Collinear_vertices_go()
    {
        var simplified = PolygonSimplifier.Simplify([P(0, 0), P(2, 0), P(4, 0), P(4, 3), P(0, 3), P(0, 1)], 0);

        Assert.Equal([P(0, 0), P(4, 0), P(4, 3), P(0, 3)], simplified);
    }

    [Fact]
    public void A_staircase_within_one_pixel_becomes_its_diagonal()
    {
        // Cut at (0, 0) and the farthest vertex (3, 3). Every step corner lies 1/sqrt(2) = 0.71 from the diagonal
        // y = x, within 1; (0, 3) lies 3/sqrt(2) = 2.12 from it and stays.
        var simplified = PolygonSimplifier.Simplify(Staircase, 1.0);

        Assert.Equal([P(0, 0), P(3, 3), P(0, 3)], simplified);
    }

    [Fact]
    public void A_zero_tolerance_keeps_every_corner()
    {
        Assert.Equal(Staircase, PolygonSimplifier.Simplify(Staircase, 0));
    }

    [Fact]
    public void A_sliver_that_would_collapse_is_kept_whole()
    {
        // A 1x10 bar: both long sides lie within 1 of the diagonal cut, which would leave two vertices.
        PixelPoint[] bar = [P(0, 0), P(1, 0), P(1, 10), P(0, 10)];

        Assert.Equal(bar, PolygonSimplifier.Simplify(bar, 1.0));
    }

    [Fact]
    public void Triangles_and_a_negative_tolerance()
    {
        PixelPoint[] triangle = [P(0, 0), P(1, 0), P(0, 1)];

        Assert.Equal(triangle, PolygonSimplifier.Simplify(triangle, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolygonSimplifier.Simplify(triangle, -1));
    }

    private static PixelPoint P(double x, double y) => new(x, y);
}
