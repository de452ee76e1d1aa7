using System.Globalization;
using Fracture.Core.Imaging;
using SkiaSharp;

namespace Fracture.Inference.Rendering;

/// <summary>
/// Draws an <see cref="ImagePrediction"/> onto its image and encodes the result as PNG: each finding's box in its
/// class colour (<see cref="ClassPalette"/>), an outline (segmenter) filled translucently and stroked, a
/// "name 0.87" label on a solid background so it reads on any X-ray; for a classifier a banner with the top class
/// and, when the model has one, the fracture probability and threshold. Line width and text size follow the image
/// size. The prediction's coordinates are scaled to the image, so a downsized copy renders correctly too.
/// Thread-safe; the input image is never modified.
/// </summary>
public static class PredictionRenderer
{
    public static byte[] RenderPng(DecodedImage image, ImagePrediction prediction, RenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bitmap = ToBitmap(image);
        return DrawAndEncode(bitmap, prediction, options ?? RenderOptions.Default);
    }

    public static byte[] RenderPng(SKBitmap image, ImagePrediction prediction, RenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var copy = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(copy))
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawBitmap(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        }

        return DrawAndEncode(copy, prediction, options ?? RenderOptions.Default);
    }

    /// <summary>Draws the annotations onto <paramref name="canvas"/>, whose drawable area is <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static void Draw(SKCanvas canvas, int width, int height, ImagePrediction prediction, RenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        options ??= RenderOptions.Default;
        var style = AnnotationStyle.For(width, height);
        using var font = new SKFont(RenderFonts.Label, style.FontSize);
        var frame = new Frame(width / (double)Math.Max(1, prediction.Width), height / (double)Math.Max(1, prediction.Height));
        if (prediction.Classification is { } scores)
        {
            DrawBanner(canvas, font, style, BannerLines(scores, options.Threshold), BannerColor(scores));
            return;
        }

        if (prediction.Findings.Count == 0)
        {
            DrawBanner(canvas, font, style, ["no findings"], SKColors.Gray);
            return;
        }

        // Fills first, then strokes, then labels, so no label is hidden under another finding's outline.
        foreach (var finding in prediction.Findings)
        {
            DrawOutline(canvas, frame, style, finding, options.OutlineFillOpacity);
        }

        foreach (var finding in prediction.Findings)
        {
            DrawBox(canvas, frame, style, finding);
        }

        foreach (var finding in prediction.Findings)
        {
            DrawLabel(canvas, font, frame, style, width, finding);
        }
    }

    /// <summary>The label text of a finding, e.g. "wrist 0.87".</summary>
    public static string LabelText(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return $"{finding.Name} {Score(finding.Score)}";
    }

    /// <summary>The banner lines of a classifier's answer: top class and probability, then the fracture probability when known.</summary>
    public static IReadOnlyList<string> BannerLines(ClassScores scores, double? threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var lines = new List<string> { $"{scores.TopName} {Score(scores.TopScore)}" };
        if (scores.FractureProbability is { } p)
        {
            lines.Add(threshold is { } t ? $"fracture p={Score(p)} (threshold {Score(t)})" : $"fracture p={Score(p)}");
        }

        return lines;
    }

    internal static SKBitmap ToBitmap(DecodedImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var target = bitmap.GetPixelSpan();
        var source = image.Pixels;
        if (image.Channels == 1)
        {
            for (int s = 0, d = 0; d < target.Length; s++, d += 4)
            {
                target[d] = target[d + 1] = target[d + 2] = source[s];
                target[d + 3] = 255;
            }
        }
        else
        {
            for (int s = 0, d = 0; d < target.Length; s += 3, d += 4)
            {
                target[d] = source[s];
                target[d + 1] = source[s + 1];
                target[d + 2] = source[s + 2];
                target[d + 3] = 255;
            }
        }

        return bitmap;
    }

    private static byte[] DrawAndEncode(SKBitmap bitmap, ImagePrediction prediction, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        using (var canvas = new SKCanvas(bitmap))
        {
            Draw(canvas, bitmap.Width, bitmap.Height, prediction, options);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"Skia could not encode a {bitmap.Width}x{bitmap.Height} annotated image as PNG");
        return data.ToArray();
    }

    private static void DrawOutline(SKCanvas canvas, Frame frame, AnnotationStyle style, Finding finding, double fillOpacity)
    {
        if (finding.Polygon is not { Count: >= 3 } polygon)
        {
            return;
        }

        using var builder = new SKPathBuilder();
        builder.MoveTo(frame.X(polygon[0].X), frame.Y(polygon[0].Y));
        for (var i = 1; i < polygon.Count; i++)
        {
            builder.LineTo(frame.X(polygon[i].X), frame.Y(polygon[i].Y));
        }

        builder.Close();
        using var path = builder.Detach();
        var color = ClassPalette.For(finding.ClassId);
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, Color = color.WithAlpha((byte)Math.Round(255 * Math.Clamp(fillOpacity, 0, 1))), IsAntialias = true };
        canvas.DrawPath(path, fill);
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, Color = color, StrokeWidth = style.LineWidth, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        canvas.DrawPath(path, stroke);
    }

    private static void DrawBox(SKCanvas canvas, Frame frame, AnnotationStyle style, Finding finding)
    {
        // No antialiasing: an axis-aligned rectangle is crisp without it, and a crisp edge keeps the class colour exact.
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, Color = ClassPalette.For(finding.ClassId), StrokeWidth = style.LineWidth, IsAntialias = false };
        canvas.DrawRect(frame.Rect(finding), stroke);
    }

    private static void DrawLabel(SKCanvas canvas, SKFont font, Frame frame, AnnotationStyle style, int width, Finding finding)
    {
        var text = LabelText(finding);
        var box = frame.Rect(finding);
        var pad = style.LineWidth;
        var textWidth = font.MeasureText(text);
        var metrics = font.Metrics;
        var labelWidth = textWidth + (2 * pad);
        var labelHeight = metrics.Descent - metrics.Ascent + (2 * pad);
        var left = Math.Clamp(box.Left - (style.LineWidth / 2f), 0, Math.Max(0, width - labelWidth));

        // Above the box where there is room, else just inside its top edge.
        var top = box.Top - (style.LineWidth / 2f) - labelHeight;
        if (top < 0)
        {
            top = box.Top + (style.LineWidth / 2f);
        }

        var color = ClassPalette.For(finding.ClassId);
        using var background = new SKPaint { Style = SKPaintStyle.Fill, Color = color, IsAntialias = false };
        canvas.DrawRect(SKRect.Create(left, top, labelWidth, labelHeight), background);
        using var ink = new SKPaint { Color = ClassPalette.TextOn(color), IsAntialias = true };
        canvas.DrawText(text, left + pad, top + pad - metrics.Ascent, SKTextAlign.Left, font, ink);
    }

    private static void DrawBanner(SKCanvas canvas, SKFont font, AnnotationStyle style, IReadOnlyList<string> lines, SKColor accent)
    {
        var pad = style.LineWidth * 2f;
        var metrics = font.Metrics;
        var lineHeight = metrics.Descent - metrics.Ascent + metrics.Leading;
        var stripe = style.LineWidth * 2f;
        var textWidth = lines.Max(l => font.MeasureText(l));
        var rect = SKRect.Create(0, 0, stripe + textWidth + (2 * pad), (lineHeight * lines.Count) + (2 * pad));
        using var background = new SKPaint { Style = SKPaintStyle.Fill, Color = new SKColor(0, 0, 0, 200), IsAntialias = false };
        canvas.DrawRect(rect, background);
        using var accentPaint = new SKPaint { Style = SKPaintStyle.Fill, Color = accent, IsAntialias = false };
        canvas.DrawRect(SKRect.Create(0, 0, stripe, rect.Height), accentPaint);
        using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
        for (var i = 0; i < lines.Count; i++)
        {
            canvas.DrawText(lines[i], stripe + pad, pad + (i * lineHeight) - metrics.Ascent, SKTextAlign.Left, font, ink);
        }
    }

    // The call decides the colour when the model makes one: vermillion for fracture, bluish green for none.
    private static SKColor BannerColor(ClassScores scores) => scores.IsFracture switch
    {
        true => ClassPalette.For(5),
        false => ClassPalette.For(2),
        null => ClassPalette.For(scores.TopClass),
    };

    private static string Score(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Maps the prediction's pixel frame onto the canvas.</summary>
    private readonly record struct Frame(double ScaleX, double ScaleY)
    {
        public float X(double x) => (float)(x * ScaleX);

        public float Y(double y) => (float)(y * ScaleY);

        public SKRect Rect(Finding f) => new(X(f.Box.X1), Y(f.Box.Y1), X(f.Box.X2), Y(f.Box.Y2));
    }
}
