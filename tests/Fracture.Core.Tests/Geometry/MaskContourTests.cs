using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Geometry;

/// <summary>Outlines worked out by hand on small masks drawn as text ('#' on, '.' off), then a property over random blobs.</summary>
public sealed class MaskContourTests
{
    [Fact]
    public void An_empty_mask_has_no_outline()
    {
        Assert.Empty(Contour("...", "..."));
        Assert.Empty(MaskContour.LargestOuterContour([], 0, 0));
    }

    [Fact]
    public void A_rectangle_of_pixels_is_outlined_on_its_corners()
    {
        // Pixels x 2..4, y 1..2: the squares cover [2, 5) x [1, 3).
        var points = Contour(
            "......",
            "..###.",
            "..###.",
            "......");

        Assert.Equal([P(2, 1), P(5, 1), P(5, 3), P(2, 3)], points);
    }

    [Fact]
    public void An_l_shape_turns_at_its_inner_corner()
    {
        var points = Contour(
            "###",
            "#..");

        Assert.Equal([P(0, 0), P(3, 0), P(3, 1), P(1, 1), P(1, 2), P(0, 2)], points);
        Assert.Equal(4, Area(points));
    }

    [Fact]
    public void Diagonal_neighbours_are_one_component_whose_outline_passes_their_shared_corner_twice()
    {
        var points = Contour(
            "#.",
            ".#");

        Assert.Equal([P(0, 0), P(1, 0), P(1, 1), P(2, 1), P(2, 2), P(1, 2), P(1, 1), P(0, 1)], points);
        Assert.Equal(2, Area(points));
    }

    [Fact]
    public void The_largest_component_wins_and_holes_are_ignored()
    {
        // Left: a 2x1 bar (2 pixels). Right: a 3x3 ring (8 pixels) around a hole.
        var points = Contour(
            "##.###",
            "...#.#",
            "...###");

        Assert.Equal([P(3, 0), P(6, 0), P(6, 3), P(3, 3)], points);
    }

    [Fact]
    public void A_mask_of_the_wrong_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MaskContour.LargestOuterContour(new bool[5], 2, 3));
    }

    /// <summary>
    /// Property: the outline, filled back by the rasterizer, gives exactly the largest component with its holes
    /// filled (the pixels not reachable from outside through 4-connected pixels of other components or off).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_filled_outline_is_the_largest_component_with_its_holes(int seed)
    {
        const int width = 40, height = 30;
        var random = new Random(seed);
        var blobs = Enumerable.Range(0, 6).Select(_ => (X: random.Next(width), Y: random.Next(height), R: 2 + random.Next(8))).ToArray();
        var mask = new bool[width * height];
        for (var i = 0; i < mask.Length; i++)
        {
            var (x, y) = (i % width, i / width);
            mask[i] = blobs.Any(b => ((x - b.X) * (x - b.X)) + ((y - b.Y) * (y - b.Y)) < b.R * b.R) && random.NextDouble() > 0.15;
        }

        var points = MaskContour.LargestOuterContour(mask, width, height);
        var filled = PolygonRasterizer.Rasterize(points, width, height);

        var expected = FilledLargestComponent(mask, width, height);
        Assert.True(expected.Count(e => e) > 10, "the blobs make a sizeable component");
        for (var i = 0; i < mask.Length; i++)
        {
            Assert.True(expected[i] == filled[i % width, i / width], $"pixel ({i % width}, {i / width})");
        }

        Assert.Equal(expected.Count(e => e), Area(points));
    }

    private static PixelPoint P(double x, double y) => new(x, y);

    private static PixelPoint[] Contour(params string[] rows)
    {
        var mask = rows.SelectMany(r => r.Select(c => c == '#')).ToArray();
        return MaskContour.LargestOuterContour(mask, rows[0].Length, rows.Length);
    }

    private static double Area(IReadOnlyList<PixelPoint> points)
    {
        var sum = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var (a, b) = (points[i], points[(i + 1) % points.Count]);
            sum += (a.X * b.Y) - (b.X * a.Y);
        }

        return Math.Abs(sum) / 2;
    }

    /// <summary>Independent reference: flood fills (8-connected on, then 4-connected outside) written out plainly.</summary>
    private static bool[] FilledLargestComponent(bool[] mask, int width, int height)
    {
        var component = new int[mask.Length];
        var sizes = new List<int> { 0 };
        for (var s = 0; s < mask.Length; s++)
        {
            if (mask[s] && component[s] == 0)
            {
                sizes.Add(Fill(s, sizes.Count, i => mask[i] && component[i] == 0, component, width, height, diagonal: true));
            }
        }

        var largest = sizes.IndexOf(sizes.Max());
        var outside = new int[mask.Length];
        for (var s = 0; s < mask.Length; s++)
        {
            var (x, y) = (s % width, s / width);
            var border = x == 0 || y == 0 || x == width - 1 || y == height - 1;
            if (border && component[s] != largest && outside[s] == 0)
            {
                Fill(s, 1, i => component[i] != largest && outside[i] == 0, outside, width, height, diagonal: false);
            }
        }

        return [.. outside.Select(o => o == 0)];
    }

    private static int Fill(int start, int label, Func<int, bool> open, int[] labels, int width, int height, bool diagonal)
    {
        var stack = new Stack<int>([start]);
        labels[start] = label;
        var size = 0;
        while (stack.TryPop(out var i))
        {
            size++;
            var (x, y) = (i % width, i / width);
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    var (nx, ny) = (x + dx, y + dy);
                    if ((dx != 0 && dy != 0 && !diagonal) || nx < 0 || ny < 0 || nx >= width || ny >= height || !open((ny * width) + nx))
                    {
                        continue;
                    }

                    labels[(ny * width) + nx] = label;
                    stack.Push((ny * width) + nx);
                }
            }
        }

        return size;
    }
}
