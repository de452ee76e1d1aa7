using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;

namespace Fracture.Core.Tests.Augmentation;

public class MosaicTests
{
    private const byte Pad = 114;

    // S = 100, centre (70, 120): tile offsets (canvas = tile + offset) are 0: (-30, 20), 1: (70, 20), 2: (-30, 120),
    // 3: (70, 120); placed regions 0: [0, 70) x [20, 120), 1: [70, 170) x [20, 120), 2: [0, 70) x [120, 200),
    // 3: [70, 170) x [120, 200). Tiles 0 and 2 lose 30 columns on the left, tiles 2 and 3 lose 20 rows at the bottom.
    private const int CenterX = 70;
    private const int CenterY = 120;

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Flat_tiles_land_in_their_quadrants_around_the_centre(PixelFormat format)
    {
        // S = 8 on a 16 x 16 canvas, centre (6, 10): tile 0 covers [0, 6) x [2, 10), tile 1 [6, 14) x [2, 10),
        // tile 2 [0, 6) x [10, 16), tile 3 [6, 14) x [10, 16); rows 0-1 and columns 14-15 stay pad.
        byte[] levels = [10, 20, 30, 40];
        var tiles = levels.Select(level => Flat(8, format, level)).ToArray();

        var (canvas, labels) = Mosaic.Combine(tiles, NoLabels(), 6, 10, Pad);

        Assert.Equal((16, 16, format), (canvas.Width, canvas.Height, canvas.Format));
        Assert.Empty(labels);
        var counts = new Dictionary<byte, int>();
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                byte expected = y < 2 || x >= 14 ? Pad
                    : x < 6 && y < 10 ? (byte)10
                    : y < 10 ? (byte)20
                    : x < 6 ? (byte)30
                    : (byte)40;
                Assert.Equal(Channels(expected, format), Patterns.Pixel(canvas, x, y));
                counts[expected] = counts.GetValueOrDefault(expected) + 1;
            }
        }

        Assert.Equal(6 * 8, counts[10]);
        Assert.Equal(8 * 8, counts[20]);
        Assert.Equal(6 * 6, counts[30]);
        Assert.Equal(8 * 6, counts[40]);
        Assert.Equal(256 - 196, counts[Pad]);
    }

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Tiles_are_cut_where_they_leave_the_canvas(PixelFormat format)
    {
        // Tile i pixel (x, y) holds 64 i + 8 y + x, so each canvas pixel names its source. Same layout as above:
        // tiles 0 and 2 start 2 columns in (offset x -2), tiles 2 and 3 end after 6 rows.
        var tiles = Enumerable.Range(0, 4).Select(i => Gradient(8, format, i)).ToArray();

        var (canvas, _) = Mosaic.Combine(tiles, NoLabels(), 6, 10, Pad);

        Assert.Equal(Source(2, format), Patterns.Pixel(canvas, 0, 2)); // tile 0 (2, 0)
        Assert.Equal(Source(63, format), Patterns.Pixel(canvas, 5, 9)); // tile 0 (7, 7)
        Assert.Equal(Source(64, format), Patterns.Pixel(canvas, 6, 2)); // tile 1 (0, 0)
        Assert.Equal(Source(127, format), Patterns.Pixel(canvas, 13, 9)); // tile 1 (7, 7)
        Assert.Equal(Source(130, format), Patterns.Pixel(canvas, 0, 10)); // tile 2 (2, 0)
        Assert.Equal(Source(175, format), Patterns.Pixel(canvas, 5, 15)); // tile 2 (7, 5)
        Assert.Equal(Source(192, format), Patterns.Pixel(canvas, 6, 10)); // tile 3 (0, 0)
        Assert.Equal(Source(239, format), Patterns.Pixel(canvas, 13, 15)); // tile 3 (7, 5)
        Assert.Equal(Channels(Pad, format), Patterns.Pixel(canvas, 14, 10));
        Assert.Equal(Channels(Pad, format), Patterns.Pixel(canvas, 6, 1));
    }

    [Fact]
    public void Random_centre_covers_the_half_tile_border_range()
    {
        var tiles = new[] { Flat(8, PixelFormat.Gray8, 10), Flat(8, PixelFormat.Gray8, 20), Flat(8, PixelFormat.Gray8, 30), Flat(8, PixelFormat.Gray8, 40) };
        var xs = new HashSet<int>();
        var ys = new HashSet<int>();

        for (var seed = 0; seed < 200; seed++)
        {
            var (canvas, _) = Mosaic.Combine(tiles, NoLabels(), new Random(seed), Pad);

            // Tile 3's top-left pixel sits on the centre.
            var (cx, cy) = (int.MaxValue, int.MaxValue);
            for (var y = 0; y < 16; y++)
            {
                for (var x = 0; x < 16; x++)
                {
                    if (Patterns.At(canvas, x, y, 0) == 40)
                    {
                        (cx, cy) = (Math.Min(cx, x), Math.Min(cy, y));
                    }
                }
            }

            xs.Add(cx);
            ys.Add(cy);
        }

        Assert.Equal(Enumerable.Range(4, 9), xs.Order()); // [S/2, 3S/2], ends included
        Assert.Equal(Enumerable.Range(4, 9), ys.Order());
    }

    [Fact]
    public void Labels_inside_a_tile_move_by_its_offset()
    {
        var labels = new IReadOnlyList<PixelInstance>[]
        {
            [Box(0, 40, 10, 60, 30), Polygon(1, new(50, 50), new(90, 60), new(60, 90))],
            [Box(2, 10, 10, 50, 40)],
            [Polygon(3, new(40, 10), new(60, 10), new(50, 30))],
            [Box(4, 10, 5, 30, 25)],
        };

        var (_, result) = Mosaic.Combine(Blank(), labels, CenterX, CenterY, Pad);

        Assert.Equal(
            [
                Box(0, 10, 30, 30, 50), // tile 0, shifted by (-30, 20)
                new PixelInstance(1, new PixelBox(20, 70, 60, 110), [new(20, 70), new(60, 80), new(30, 110)]),
                Box(2, 80, 30, 120, 60), // tile 1, (70, 20)
                new PixelInstance(3, new PixelBox(10, 130, 30, 150), [new(10, 130), new(30, 130), new(20, 150)]), // tile 2, (-30, 120)
                Box(4, 80, 125, 100, 145), // tile 3, (70, 120)
            ],
            result,
            InstanceComparer.Instance);
    }

    [Fact]
    public void Labels_crossing_the_cut_are_clipped_exactly()
    {
        var labels = new IReadOnlyList<PixelInstance>[]
        {
            [Polygon(0, Patterns.Rect(10, 40, 50, 80))], // -> (-20, 60)-(20, 100): left half cut
            [],
            [Box(1, 10, 10, 50, 30)], // -> (-20, 130, 20, 150): left half cut
            [Polygon(2, Patterns.Rect(30, 70, 60, 95)), Box(3, 0, 60, 20, 100)], // -> y up to 215 and 220: cut at 200
        };

        var (_, result) = Mosaic.Combine(Blank(), labels, CenterX, CenterY, Pad);

        Assert.Equal(
            [
                new PixelInstance(0, new PixelBox(0, 60, 20, 100), [new(0, 60), new(20, 60), new(20, 100), new(0, 100)]),
                Box(1, 0, 130, 20, 150),
                new PixelInstance(2, new PixelBox(100, 190, 130, 200), [new(100, 200), new(100, 190), new(130, 190), new(130, 200)]),
                Box(3, 70, 180, 90, 200),
            ],
            result,
            InstanceComparer.Instance);
    }

    [Fact]
    public void Labels_cut_to_a_sliver_or_off_the_canvas_are_dropped()
    {
        var labels = new IReadOnlyList<PixelInstance>[]
        {
            [
                Polygon(0, Patterns.Rect(20, 40, 32, 60)), // -> (-10, 60)-(2, 80): 40 of 240 px left, 17% < 20%
                Box(1, 0, 0, 25, 100), // -> x in [-30, -5]: off the canvas
                Box(2, 20, 40, 40, 60), // -> (-10, 60, 10, 80): 50% left, kept
            ],
            [],
            [Polygon(3, Patterns.Rect(10, 85, 40, 100))], // -> y in [205, 220]: below the canvas
            [],
        };

        var (_, result) = Mosaic.Combine(Blank(), labels, CenterX, CenterY, Pad);

        Assert.Equal([Box(2, 0, 60, 10, 80)], result, InstanceComparer.Instance);
    }

    [Fact]
    public void Label_spilling_over_its_tile_is_kept_to_its_own_region()
    {
        // A sloppy label 5 px left of tile 1 would overlap tile 0 on the canvas; it is cut at tile 1's left edge, x = 70.
        var labels = new IReadOnlyList<PixelInstance>[]
        {
            [],
            [Box(0, -5, 10, 20, 30), Polygon(1, Patterns.Rect(-5, 10, 20, 30))],
            [],
            [],
        };

        var (_, result) = Mosaic.Combine(Blank(), labels, CenterX, CenterY, Pad);

        Assert.Equal(
            [
                Box(0, 70, 30, 90, 50),
                new PixelInstance(1, new PixelBox(70, 30, 90, 50), [new(70, 30), new(90, 30), new(90, 50), new(70, 50)]),
            ],
            result,
            InstanceComparer.Instance);
    }

    [Fact]
    public void Inputs_are_not_modified()
    {
        var tiles = Enumerable.Range(0, 4).Select(i => Patterns.Noise(16, 16, PixelFormat.Rgb24, seed: i)).ToArray();
        var copies = tiles.Select(t => t.Pixels.ToArray()).ToArray();
        var polygon = Polygon(0, Patterns.Rect(-4, 2, 10, 12));
        var labels = new IReadOnlyList<PixelInstance>[] { [polygon], [polygon], [polygon], [polygon] };

        var (canvas, _) = Mosaic.Combine(tiles, labels, new Random(1), Pad);

        Assert.Equal((32, 32), (canvas.Width, canvas.Height));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(copies[i], tiles[i].Pixels);
            Assert.Same(polygon, Assert.Single(labels[i]));
        }

        Assert.Equal(Patterns.Rect(-4, 2, 10, 12), polygon.Polygon);
    }

    [Fact]
    public void Tiles_must_be_four_equal_squares_with_a_label_list_each()
    {
        var gray = Flat(8, PixelFormat.Gray8, 0);
        var rng = new Random(0);

        Assert.Equal("tiles", Assert.Throws<ArgumentException>(() => Mosaic.Combine([gray, gray, gray], NoLabels(), rng, Pad)).ParamName);
        Assert.Equal("tiles", Assert.Throws<ArgumentException>(() => Mosaic.Combine([gray, gray, gray, Flat(9, PixelFormat.Gray8, 0)], NoLabels(), rng, Pad)).ParamName);
        Assert.Equal("tiles", Assert.Throws<ArgumentException>(() => Mosaic.Combine([gray, gray, gray, Flat(8, PixelFormat.Rgb24, 0)], NoLabels(), rng, Pad)).ParamName);
        var wide = Patterns.Solid(8, 6, PixelFormat.Gray8, 0);
        Assert.Equal("tiles", Assert.Throws<ArgumentException>(() => Mosaic.Combine([wide, wide, wide, wide], NoLabels(), rng, Pad)).ParamName);
        Assert.Equal("instances", Assert.Throws<ArgumentException>(() => Mosaic.Combine([gray, gray, gray, gray], [[], [], []], rng, Pad)).ParamName);
    }

    private static IReadOnlyList<IReadOnlyList<PixelInstance>> NoLabels() => [[], [], [], []];

    private static DecodedImage[] Blank() => Enumerable.Range(0, 4).Select(_ => Flat(100, PixelFormat.Gray8, 0)).ToArray();

    private static PixelInstance Box(int classId, double x1, double y1, double x2, double y2) =>
        new(classId, new PixelBox(x1, y1, x2, y2), null);

    private static PixelInstance Polygon(int classId, params PixelPoint[] points) =>
        new(classId, PolygonClipper.Extent(points), points);

    /// <summary>A flat tile: grey level <paramref name="level"/>, or (level, level + 1, level + 2) in RGB.</summary>
    private static DecodedImage Flat(int size, PixelFormat format, byte level)
    {
        var image = Patterns.Solid(size, size, format, 0);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                Patterns.Set(image, x, y, Channels(level, format));
            }
        }

        return image;
    }

    /// <summary>An 8 x 8 tile whose pixel (x, y) encodes 64 <paramref name="index"/> + 8 y + x (see <see cref="Source"/>).</summary>
    private static DecodedImage Gradient(int size, PixelFormat format, int index)
    {
        var image = Patterns.Solid(size, size, format, 0);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                Patterns.Set(image, x, y, Source((64 * index) + (8 * y) + x, format));
            }
        }

        return image;
    }

    private static byte[] Channels(byte level, PixelFormat format) =>
        format == PixelFormat.Gray8 ? [level] : level == Pad ? [Pad, Pad, Pad] : [level, (byte)(level + 1), (byte)(level + 2)];

    /// <summary>The pixel that encodes <paramref name="value"/>: in RGB also its complement and half, so channels differ.</summary>
    private static byte[] Source(int value, PixelFormat format) =>
        format == PixelFormat.Gray8 ? [(byte)value] : [(byte)value, (byte)(255 - value), (byte)(value / 2)];
}
