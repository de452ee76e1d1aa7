using Fracture.Core.Datasets.Similarity;
using Fracture.Core.Imaging;
using Fracture.Core.Tests.Datasets;
using SkiaSharp;

namespace Fracture.Core.Tests.Datasets.Similarity;

public sealed class NearDuplicateFinderTests
{
    private static readonly string[] Images = Directory.GetFiles(Path.Combine(TestData.FixtureRoot, "train", "images"), "*.jpg").Order().ToArray();

    [Fact]
    public void An_augmented_copy_is_found_and_different_xrays_are_not()
    {
        var original = Load(Images[2]);
        // What Roboflow did to the copies: a turn of a few degrees, a slight crop and zoom, brighter exposure.
        var augmented = Augment(Images[2], degrees: 8, zoom: 1.06f, brightness: 30);
        var prints = new List<ContentFingerprint> { Print(original), Print(augmented) };
        prints.AddRange(Images.Where((_, i) => i != 2).Select(path => Print(Load(path))));

        var pairs = NearDuplicateFinder.Find(prints, new NearDuplicateOptions());

        var pair = Assert.Single(pairs);
        Assert.Equal((0, 1), (pair.First, pair.Second));
        Assert.True(pair.Correlation >= 0.96, $"correlation {pair.Correlation}");
    }

    [Fact]
    public void Include_filter_limits_the_pairs_compared()
    {
        var print = Print(Load(Images[0]));

        Assert.Single(NearDuplicateFinder.Find([print, print], new NearDuplicateOptions()));
        Assert.Empty(NearDuplicateFinder.Find([print, print], new NearDuplicateOptions(), include: (_, _) => false));
    }

    [Fact]
    public void Hash_distance_is_symmetric_and_zero_for_the_same_image()
    {
        var a = Print(Load(Images[0]));
        var b = Print(Load(Images[1]));

        Assert.Equal(0, NearDuplicateFinder.HashDistance(a, a));
        Assert.Equal(NearDuplicateFinder.HashDistance(a, b), NearDuplicateFinder.HashDistance(b, a));
        Assert.Equal(1.0, NearDuplicateFinder.Correlation(a, a, new NearDuplicateOptions()), 4);
    }

    private static ContentFingerprint Print(DecodedImage image) => ContentFingerprint.FromGray8(image.Pixels, image.Width, image.Height);

    private static DecodedImage Load(string path) => ImageDecoder.Decode(path, new DecodeOptions(PixelFormat.Gray8, MaxSide: 256));

    private static DecodedImage Augment(string path, float degrees, float zoom, int brightness)
    {
        using var source = SKBitmap.Decode(path);
        using var target = new SKBitmap(source.Width, source.Height);
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(SKColors.Black);
            canvas.Translate(source.Width / 2f, source.Height / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Scale(zoom);
            canvas.Translate(-source.Width / 2f, -source.Height / 2f);
            using var paint = new SKPaint { ColorFilter = SKColorFilter.CreateLighting(SKColors.White, new SKColor((byte)brightness, (byte)brightness, (byte)brightness)) };
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        }

        using var data = target.Encode(SKEncodedImageFormat.Jpeg, 85);
        return ImageDecoder.Decode(data.ToArray(), new DecodeOptions(PixelFormat.Gray8, MaxSide: 256));
    }
}
