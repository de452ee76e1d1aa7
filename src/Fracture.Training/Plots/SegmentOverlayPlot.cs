using Fracture.Core.IO;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Inference.Rendering;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using SkiaSharp;

namespace Fracture.Training;

/// <summary>
/// Overlay PNGs of a segmenter on sample validation images: the labelled outlines on the left, the predicted ones
/// (score at least <see cref="SegmentEvaluator.SampleConfidence"/>) on the right, both drawn by the predictor's own
/// renderer on the letterboxed input the model saw. One file per sample, named by its index and image.
/// </summary>
public static class SegmentOverlayPlot
{
    private const int TitleHeight = 22;
    private const int Gap = 4;

    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteSamples(string folder, DetectData data, IReadOnlyList<SegmentSample> samples)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(samples);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var sample in samples)
        {
            var name = $"val-{sample.Index:D4}-{Sanitize(Path.GetFileNameWithoutExtension(data.Paths[sample.Index]))}.png";
            var path = Path.Combine(folder, name);
            AtomicFile.Write(path, stream => stream.Write(Render(data, sample)));
            written.Add(path);
        }

        return written;
    }

    /// <summary>The side-by-side PNG of one sample.</summary>
    public static byte[] Render(DetectData data, SegmentSample sample)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sample);
        var image = data.Cache[sample.Index];
        var labels = data.Instances[sample.Index]
            .Select(o => new Finding(o.ClassId, data.ClassNames[o.ClassId], 1, o.Box, o.Polygon))
            .ToArray();
        using var left = SKBitmap.Decode(PredictionRenderer.RenderPng(image, new ImagePrediction(ModelTask.Segment, image.Width, image.Height, labels)));
        using var right = SKBitmap.Decode(PredictionRenderer.RenderPng(image, new ImagePrediction(ModelTask.Segment, image.Width, image.Height, sample.Findings)));
        var info = new SKImageInfo((2 * image.Width) + Gap, image.Height + TitleHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(RenderFonts.Label, 14))
        using (var paint = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawBitmap(left, 0, TitleHeight, new SKSamplingOptions(SKFilterMode.Nearest), null);
            canvas.DrawBitmap(right, image.Width + Gap, TitleHeight, new SKSamplingOptions(SKFilterMode.Nearest), null);
            canvas.DrawText("labels", 6, TitleHeight - 6, SKTextAlign.Left, font, paint);
            canvas.DrawText($"predicted (score >= {SegmentEvaluator.SampleConfidence:0.00})", image.Width + Gap + 6, TitleHeight - 6, SKTextAlign.Left, font, paint);
        }

        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static string Sanitize(string name) =>
        new([.. name.Take(60).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}
