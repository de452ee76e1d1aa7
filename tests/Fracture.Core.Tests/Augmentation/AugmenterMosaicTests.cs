using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Augmentation;

public class AugmenterMosaicTests
{
    private const int Size = 96;

    // One shape per tile, all well inside, so each tile contributes a label (S = 96).
    private static readonly PixelPoint[][] Shapes =
    [
        [new(20, 20), new(70, 28), new(60, 75), new(25, 60)],
        [new(48, 10), new(85, 48), new(48, 86), new(10, 48)],
        [new(15, 30), new(80, 15), new(70, 80)],
        [new(30, 20), new(65, 20), new(80, 50), new(65, 80), new(30, 80), new(15, 50)],
    ];

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Mosaic_is_S_square_in_the_tiles_format_reproducible_and_leaves_the_inputs_alone(PixelFormat format)
    {
        var tiles = Enumerable.Range(0, 4).Select(i => Patterns.Noise(Size, Size, format, seed: i)).ToArray();
        var copies = tiles.Select(t => t.Pixels.ToArray()).ToArray();
        var labels = Labels(withBoxes: true);
        var augmenter = new Augmenter(AugmentationOptions.Default with { ClaheProbability = 0.5 });

        var a = augmenter.AugmentMosaic(tiles, labels, new Random(17));
        var b = augmenter.AugmentMosaic(tiles, labels, new Random(17));
        var c = augmenter.AugmentMosaic(tiles, labels, new Random(18));

        Assert.Equal((Size, Size, format), (a.Image.Width, a.Image.Height, a.Image.Format));
        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.Equal(a.Instances, b.Instances, InstanceComparer.Instance);
        Assert.NotEqual(a.Image.Pixels, c.Image.Pixels);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(copies[i], tiles[i].Pixels);
            Assert.Equal(Shapes[i], labels[i][0].Polygon);
            Assert.Equal(2, labels[i].Count);
        }
    }

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Without_random_steps_the_output_is_the_middle_of_the_canvas(PixelFormat format)
    {
        var tiles = Enumerable.Range(0, 4).Select(i => Patterns.Noise(Size, Size, format, seed: 10 + i)).ToArray();
        var labels = Labels(withBoxes: true);

        for (var seed = 0; seed < 5; seed++)
        {
            var (canvas, canvasLabels) = Mosaic.Combine(tiles, labels, new Random(seed), 114);
            var (result, resultLabels) = new Augmenter(AugmentationOptions.None).AugmentMosaic(tiles, labels, new Random(seed));

            // S = 96: the middle of the 192 canvas starts at (48, 48).
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    Assert.Equal(Patterns.Pixel(canvas, x + 48, y + 48), Patterns.Pixel(result, x, y));
                }
            }

            var expected = InstanceWarp.Apply(canvasLabels, AffineTransform.Translation(-48, -48), Size, Size);
            Assert.Equal(expected, resultLabels, InstanceComparer.Instance);
        }
    }

    [Fact]
    public void Labels_stay_inside_and_polygon_boxes_are_their_extents()
    {
        var tiles = Enumerable.Range(0, 4).Select(i => Patterns.Noise(Size, Size, PixelFormat.Gray8, seed: i)).ToArray();
        var augmenter = new Augmenter(AugmentationOptions.Default with { Degrees = 45, Scale = 0.5, Translate = 0.2 });
        var labels = Labels(withBoxes: true);
        var seen = 0;

        for (var seed = 0; seed < 40; seed++)
        {
            var (_, result) = augmenter.AugmentMosaic(tiles, labels, new Random(seed));

            foreach (var label in result)
            {
                Assert.InRange(label.Box.X1, 0, Size);
                Assert.InRange(label.Box.Y1, 0, Size);
                Assert.InRange(label.Box.X2, label.Box.X1 + InstanceWarp.MinSide, Size);
                Assert.InRange(label.Box.Y2, label.Box.Y1 + InstanceWarp.MinSide, Size);
                if (label.Polygon is { } polygon)
                {
                    Assert.All(polygon, p => Assert.True(p.X is >= 0 and <= Size && p.Y is >= 0 and <= Size, $"seed {seed}: {p}"));
                    Assert.Equal(PolygonClipper.Extent(polygon), label.Box);
                }
            }

            seen += result.Count;
        }

        Assert.True(seen > 40, $"only {seen} labels survived 40 mosaics");
    }

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Image_and_labels_agree(PixelFormat format)
    {
        // Bright shapes on a dark ground that is also the pad, so only the shapes pass the threshold.
        var tiles = Shapes.Select(s => Patterns.FilledPolygon(Size, Size, format, s, dark: 30, bright: 230)).ToArray();
        var labels = Labels(withBoxes: false);
        var augmenter = new Augmenter(AugmentationOptions.Default with { Degrees = 20, Scale = 0.3, PadValue = 30 });
        var allKept = 0;

        for (var seed = 0; seed < 40; seed++)
        {
            var (result, instances) = augmenter.AugmentMosaic(tiles, labels, new Random(seed));

            // Threshold 128 separates the two levels under every photometric draw (30 -> at most 81, 230 -> at least 143).
            var bright = Patterns.Above(result, 128);
            var drawn = BinaryMask.Empty(Size, Size);
            foreach (var instance in instances)
            {
                drawn = Union(drawn, PolygonRasterizer.Rasterize(instance.Polygon!, Size, Size));
            }

            // Every label lies on its shape. Shapes cut to slivers are dropped by the candidate rule but still show, so
            // the bright area is fully labelled only when all four shapes kept their labels.
            var overlap = Intersection(drawn, bright);
            Assert.True(overlap >= 0.97 * drawn.PixelCount, $"seed {seed}: {overlap} of {drawn.PixelCount} labelled px bright");
            if (instances.Count == Shapes.Length)
            {
                allKept++;
                var iou = MaskIoU.Compute(drawn, bright);
                Assert.True(iou >= 0.9, $"seed {seed}: IoU {iou:F3}");
            }
        }

        Assert.True(allKept >= 2, $"only {allKept} mosaics kept all four labels");
    }

    [Fact]
    public void Mosaic_probability_is_off_by_default_and_checked()
    {
        Assert.Equal(0, AugmentationOptions.Default.MosaicProbability);
        Assert.Equal(0, AugmentationOptions.None.MosaicProbability);
        Assert.Equal(1, (AugmentationOptions.Default with { MosaicProbability = 1 }).MosaicProbability);
        foreach (var bad in new[] { -0.1, 1.5, double.NaN })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationOptions.Default with { MosaicProbability = bad });
            Assert.Equal(nameof(AugmentationOptions.MosaicProbability), e.ParamName);
            Assert.Contains("[0, 1]", e.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>Tile i's shape as a polygon label (class i), and optionally a box label (class 10 + i) around it.</summary>
    private static IReadOnlyList<PixelInstance>[] Labels(bool withBoxes) =>
        Shapes.Select((shape, i) =>
        {
            var polygon = new PixelInstance(i, PolygonClipper.Extent(shape), shape);
            return withBoxes
                ? (IReadOnlyList<PixelInstance>)[polygon, new PixelInstance(10 + i, polygon.Box, null)]
                : [polygon];
        }).ToArray();

    private static long Intersection(BinaryMask a, BinaryMask b)
    {
        var count = 0L;
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                count += a[x, y] && b[x, y] ? 1 : 0;
            }
        }

        return count;
    }

    private static BinaryMask Union(BinaryMask a, BinaryMask b)
    {
        var on = new bool[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                on[(y * Size) + x] = a[x, y] || b[x, y];
            }
        }

        return BinaryMask.FromPixels(Size, Size, on);
    }
}
