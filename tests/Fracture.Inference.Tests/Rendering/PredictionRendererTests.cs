using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference.Rendering;
using SkiaSharp;

namespace Fracture.Inference.Tests.Rendering;

/// <summary>
/// The renderer on synthetic grey images. Boxes are drawn without antialiasing, so a stroke pixel is exactly the
/// class colour: class 0 is Okabe-Ito orange (230, 159, 0). A 200x100 image has mean side 150, so the line is the
/// 2 px minimum, centred on the box edge (box edge x = 40 covers pixel columns 39 and 40).
/// </summary>
public sealed class PredictionRendererTests
{
    private const byte Grey = 128;
    private static readonly SKColor Orange = new(230, 159, 0);

    [Fact]
    public void Box_stroke_has_the_class_colour_and_leaves_inside_and_outside_untouched()
    {
        var image = GreyImage(200, 100);
        var prediction = Detection(200, 100, new Finding(0, "elbow", 0.87, new PixelBox(40, 30, 160, 80)));

        using var png = Decode(PredictionRenderer.RenderPng(image, prediction));

        Assert.Equal((200, 100), (png.Width, png.Height));
        Assert.Equal(Orange, png.GetPixel(40, 55));
        Assert.Equal(Orange, png.GetPixel(39, 55));
        Assert.Equal(Orange, png.GetPixel(159, 55));
        Assert.Equal(Orange, png.GetPixel(100, 80));
        Assert.Equal(GreyColor, png.GetPixel(100, 55));
        Assert.Equal(GreyColor, png.GetPixel(42, 55));
        Assert.Equal(GreyColor, png.GetPixel(37, 55));
        Assert.Equal(GreyColor, png.GetPixel(10, 90));
        Assert.Equal(GreyColor, png.GetPixel(190, 10));
        Assert.All(image.Pixels, p => Assert.Equal(Grey, p));
    }

    [Fact]
    public void Label_sits_on_a_class_coloured_background_above_the_box_with_dark_text()
    {
        var prediction = Detection(200, 100, new Finding(0, "elbow", 0.87, new PixelBox(40, 30, 160, 80)));

        using var png = Decode(PredictionRenderer.RenderPng(GreyImage(200, 100), prediction));

        var above = Pixels(png, 39, 0, 160, 29).ToList();
        Assert.Contains(Orange, above);
        Assert.DoesNotContain(Orange, Pixels(png, 0, 0, 37, 29));

        // Orange's luma is 162, so the text is black: some ink pixels must be near black (when a font file exists).
        if (File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
        {
            Assert.Contains(above, c => c.Red < 40 && c.Green < 40 && c.Blue < 40);
        }

        Assert.Equal("elbow 0.87", PredictionRenderer.LabelText(prediction.Findings[0]));
    }

    [Fact]
    public void Coordinates_are_scaled_from_the_prediction_frame_to_the_image()
    {
        // The prediction was made on a 400x200 original; the 200x100 copy gets the same box at half scale.
        var prediction = Detection(400, 200, new Finding(0, "elbow", 0.5, new PixelBox(80, 60, 320, 160)));

        using var png = Decode(PredictionRenderer.RenderPng(GreyImage(200, 100), prediction));

        Assert.Equal(Orange, png.GetPixel(40, 55));
        Assert.Equal(Orange, png.GetPixel(100, 80));
        Assert.Equal(GreyColor, png.GetPixel(100, 55));
    }

    [Fact]
    public void Line_width_grows_with_the_image()
    {
        // Mean side 2000: 0.3 % is a 6 px line, centred on x = 500 (columns 497..502).
        var prediction = Detection(2000, 2000, new Finding(0, "elbow", 0.5, new PixelBox(500, 500, 1500, 1500)));

        using var png = Decode(PredictionRenderer.RenderPng(GreyImage(2000, 2000), prediction));

        var row = Enumerable.Range(490, 20).Where(x => png.GetPixel(x, 1000) == Orange).ToList();
        Assert.Equal([497, 498, 499, 500, 501, 502], row);
    }

    [Fact]
    public void Outline_is_filled_translucently_and_stroked()
    {
        // Triangle (20,20) (180,20) (100,90); (100,40) is well inside. Fill opacity 0.3 over grey 128:
        // R = 0.3 * 230 + 0.7 * 128 = 158.6, G = 0.3 * 159 + 0.7 * 128 = 137.3, B = 0.7 * 128 = 89.6.
        PixelPoint[] triangle = [new(20, 20), new(180, 20), new(100, 90)];
        var prediction = new ImagePrediction(ModelTask.Segment, 200, 100, [new Finding(0, "elbow", 0.9, new PixelBox(20, 20, 180, 90), triangle)]);

        using var png = Decode(PredictionRenderer.RenderPng(GreyImage(200, 100), prediction));

        var inside = png.GetPixel(100, 40);
        Assert.InRange(inside.Red, 156, 161);
        Assert.InRange(inside.Green, 135, 140);
        Assert.InRange(inside.Blue, 87, 92);

        // The slanted edge from (180,20) to (100,90) passes x = 140 at y = 55: antialiased, but mostly orange there.
        var edge = png.GetPixel(140, 55);
        Assert.True(edge.Red > 200 && edge.Blue < 40, $"edge pixel {edge}");
        Assert.Equal(GreyColor, png.GetPixel(30, 80));
    }

    [Fact]
    public void Classifier_gets_a_banner_with_top_class_and_fracture_probability()
    {
        var scores = new ClassScores([0.13, 0.87], 1, "wrist", 0.87, 0.73, true);
        var prediction = new ImagePrediction(ModelTask.Classify, 300, 200, [], scores);

        using var png = Decode(PredictionRenderer.RenderPng(GreyImage(300, 200), prediction, new RenderOptions { Threshold = 0.6 }));

        Assert.Equal(["wrist 0.87", "fracture p=0.73 (threshold 0.60)"], PredictionRenderer.BannerLines(scores, 0.6));
        Assert.Equal(["wrist 0.87", "fracture p=0.73"], PredictionRenderer.BannerLines(scores, null));
        Assert.Equal(["wrist 0.87"], PredictionRenderer.BannerLines(scores with { FractureProbability = null }, 0.6));

        // Banner: black at alpha 200 over grey 128 gives 128 * 55 / 255 = 27.6; its left stripe is vermillion (a fracture call).
        var banner = png.GetPixel(20, 2);
        Assert.InRange(banner.Red, 26, 30);
        Assert.Equal(new SKColor(0xD5, 0x5E, 0x00), png.GetPixel(1, 5));
        Assert.Equal(GreyColor, png.GetPixel(290, 190));
    }

    [Fact]
    public void Rgb_and_bitmap_inputs_render_alike_at_their_own_size()
    {
        var rgb = new DecodedImage(64, 48, PixelFormat.Rgb24, [.. Enumerable.Repeat(Grey, 64 * 48 * 3)]);
        var prediction = Detection(64, 48, new Finding(1, "fingers", 0.4, new PixelBox(10, 20, 50, 40)));
        using var bitmap = new SKBitmap(64, 48);
        bitmap.Erase(GreyColor);

        using var fromRgb = Decode(PredictionRenderer.RenderPng(rgb, prediction));
        using var fromBitmap = Decode(PredictionRenderer.RenderPng(bitmap, prediction));

        Assert.Equal((64, 48), (fromRgb.Width, fromRgb.Height));
        Assert.Equal((64, 48), (fromBitmap.Width, fromBitmap.Height));
        Assert.Equal(ClassPalette.For(1), fromRgb.GetPixel(10, 30));
        Assert.Equal(fromRgb.Pixels, fromBitmap.Pixels);
        Assert.Equal(GreyColor, bitmap.GetPixel(10, 30));
    }

    [Fact]
    public void Palette_colours_are_distinct_and_wrap_around()
    {
        var colours = Enumerable.Range(0, ClassPalette.Count).Select(ClassPalette.For).ToList();

        Assert.Equal(7, colours.Distinct().Count());
        Assert.Equal(ClassPalette.For(0), ClassPalette.For(7));
        Assert.Equal(SKColors.Black, ClassPalette.TextOn(ClassPalette.For(3)));
        Assert.Equal(SKColors.White, ClassPalette.TextOn(ClassPalette.For(4)));
    }

    private static SKColor GreyColor => new(Grey, Grey, Grey);

    private static DecodedImage GreyImage(int width, int height) =>
        new(width, height, PixelFormat.Gray8, [.. Enumerable.Repeat(Grey, width * height)]);

    private static ImagePrediction Detection(int width, int height, params Finding[] findings) =>
        new(ModelTask.Detect, width, height, findings);

    private static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("the renderer's output is not a decodable PNG");

    private static IEnumerable<SKColor> Pixels(SKBitmap bitmap, int x1, int y1, int x2, int y2)
    {
        for (var y = y1; y <= y2; y++)
        {
            for (var x = x1; x <= x2; x++)
            {
                yield return bitmap.GetPixel(x, y);
            }
        }
    }
}
