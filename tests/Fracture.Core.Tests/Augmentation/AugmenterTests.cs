using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Augmentation;

public class AugmenterTests
{
    // An irregular pentagon, partly near the right border so some draws clip it.
    private static readonly PixelPoint[] Pentagon = [new(60, 20), new(150, 35), new(155, 80), new(95, 100), new(50, 70)];

    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb24)]
    public void Options_none_return_the_input_itself(PixelFormat format)
    {
        var image = Patterns.Noise(40, 30, format, seed: 1);
        var copy = image.Pixels.ToArray();
        IReadOnlyList<PixelInstance> instances = [new PixelInstance(0, new PixelBox(1, 2, 10, 20), null)];

        var (result, labels) = new Augmenter(AugmentationOptions.None).Augment(image, instances, new Random(3));

        Assert.Same(image, result);
        Assert.Equal(copy, result.Pixels);
        Assert.Same(instances, labels);
    }

    [Fact]
    public void Certain_flip_mirrors_pixels_and_boxes()
    {
        var image = Patterns.Noise(100, 50, PixelFormat.Rgb24, seed: 2);
        var augmenter = new Augmenter(AugmentationOptions.None with { FlipHorizontal = 1 });

        var (result, labels) = augmenter.Augment(image, [new PixelInstance(1, new PixelBox(10, 20, 30, 40), null)], new Random(0));

        Assert.Equal(Patterns.Pixel(image, 0, 0), Patterns.Pixel(result, 99, 0));
        Assert.Equal(Patterns.Pixel(image, 37, 21), Patterns.Pixel(result, 62, 21));
        Assert.Equal(new PixelBox(70, 20, 90, 40), Assert.Single(labels).Box);
    }

    [Theory]
    [InlineData(PixelFormat.Gray8, false)]
    [InlineData(PixelFormat.Rgb24, false)]
    [InlineData(PixelFormat.Gray8, true)]
    public void Image_and_geometry_agree_over_random_draws(PixelFormat format, bool strong)
    {
        // Padding in the background level: the pad goes through the brightness table too.
        var options = strong
            ? AugmentationOptions.Default with { Degrees = 45, Scale = 0.3, Translate = 0.2, PadValue = 30 }
            : AugmentationOptions.Default with { PadValue = 30 };
        var image = Patterns.FilledPolygon(160, 120, format, Pentagon, dark: 30, bright: 230);
        var augmenter = new Augmenter(options);
        var instances = new[] { new PixelInstance(0, PolygonClipper.Extent(Pentagon), Pentagon) };

        for (var seed = 0; seed < 20; seed++)
        {
            var (result, labels) = augmenter.Augment(image, instances, new Random(seed));

            // Threshold 128 separates the two levels under every photometric draw (30 -> at most 81, 230 -> at least 143).
            var bright = Patterns.Above(result, 128);
            if (labels.Count == 0)
            {
                Assert.True(bright.PixelCount < 0.2 * 5200, $"seed {seed}: label dropped but {bright.PixelCount} px visible");
                continue;
            }

            var label = Assert.Single(labels);
            var drawn = PolygonRasterizer.Rasterize(label.Polygon!, result.Width, result.Height);
            var iou = MaskIoU.Compute(drawn, bright);
            Assert.True(iou >= 0.9, $"seed {seed}: IoU {iou:F3}");
            Assert.Equal(PolygonClipper.Extent(label.Polygon!), label.Box);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_result()
    {
        var image = Patterns.FilledPolygon(96, 80, PixelFormat.Rgb24, Pentagon.Select(p => new PixelPoint(p.X / 2, p.Y / 2)).ToArray(), 20, 220);
        var augmenter = new Augmenter(AugmentationOptions.Default with { ClaheProbability = 0.5 });
        var instances = new[] { new PixelInstance(0, new PixelBox(30, 10, 78, 50), null) };

        var a = augmenter.Augment(image, instances, new Random(17));
        var b = augmenter.Augment(image, instances, new Random(17));
        var c = augmenter.Augment(image, instances, new Random(18));

        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.Equal(a.Instances, b.Instances);
        Assert.NotEqual(a.Image.Pixels, c.Image.Pixels);
    }

    [Fact]
    public void Input_is_never_modified()
    {
        var image = Patterns.Noise(64, 48, PixelFormat.Gray8, seed: 4);
        var copy = image.Pixels.ToArray();
        var augmenter = new Augmenter(AugmentationOptions.Default with { ClaheProbability = 1 });

        for (var seed = 0; seed < 5; seed++)
        {
            var (result, _) = augmenter.Augment(image, [], new Random(seed));
            Assert.NotSame(image.Pixels, result.Pixels);
            Assert.Equal((64, 48, PixelFormat.Gray8), (result.Width, result.Height, result.Format));
        }

        Assert.Equal(copy, image.Pixels);
    }

    [Fact]
    public void Photometric_only_keeps_the_labels_and_maps_the_pixels()
    {
        var image = Patterns.Solid(10, 10, PixelFormat.Gray8, 100);
        IReadOnlyList<PixelInstance> instances = [new PixelInstance(0, new PixelBox(1, 1, 5, 5), null)];
        var options = AugmentationOptions.None with { Brightness = 0.2 };
        var expected = PhotometricAugmenter.RandomLut(options, new Random(6))![100];

        var (result, labels) = new Augmenter(options).Augment(image, instances, new Random(6));

        Assert.Same(instances, labels);
        Assert.All(result.Pixels, v => Assert.Equal(expected, v));
    }

    [Fact]
    public void Clahe_runs_last_with_the_configured_settings()
    {
        var image = Patterns.Noise(40, 40, PixelFormat.Gray8, seed: 8);
        var options = AugmentationOptions.None with { ClaheProbability = 1, ClaheClipLimit = 3, ClaheTiles = 4 };

        var (result, _) = new Augmenter(options).Augment(image, [], new Random(0));

        Assert.Equal(Clahe.Apply(image, 3, 4).Pixels, result.Pixels);
    }
}
