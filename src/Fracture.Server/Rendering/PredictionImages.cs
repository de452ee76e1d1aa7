using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Inference.Rendering;
using Fracture.Server.Contracts;
using Fracture.Server.Errors;
using Fracture.Server.Inputs;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Fracture.Server.Storage;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Fracture.Server.Rendering;

/// <summary>
/// The PNGs of a stored prediction: its input as the models saw it (upright; DICOM windowed to 8 bits) and the same
/// image with the findings drawn by <see cref="PredictionRenderer"/> (and the classifier's banner when one ran).
/// A stored image passed the pixel limit in force when it was uploaded, so reading it back allows at least its own
/// recorded size: lowering <see cref="ServerOptions.MaxPixels"/> later does not lock old predictions out.
/// </summary>
public sealed class PredictionImages(ImageStore images, UploadDecoder decoder, IOptions<ServerOptions> options)
{
    /// <exception cref="RequestProblemException">404 when the stored image is gone.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while a DICOM decoded.</exception>
    public byte[] InputPng(StoredPrediction stored, CancellationToken cancellationToken = default) =>
        ImageEncoder.EncodePng(Load(stored, cancellationToken));

    /// <param name="confidence">Draw the findings at or above it; null: those at their model's operating threshold (the verdict's; all of a model without one).</param>
    /// <exception cref="RequestProblemException">404 when the stored image is gone.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while a DICOM decoded.</exception>
    public byte[] AnnotatedPng(StoredPrediction stored, double? confidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var image = Load(stored, cancellationToken);
        var prediction = stored.Prediction;
        // The page asks for findings down to 0.01 so its slider can move; an image handed on must not show those.
        var drawn = confidence is { } bound ? prediction.Findings.Where(f => f.Confidence >= bound) : PredictionBuilder.AtThreshold(prediction, keepUnrated: true);
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        CopyPixels(image, bitmap);
        using (var canvas = new SKCanvas(bitmap))
        {
            var findings = new ImagePrediction(ModelTask.Detect, prediction.Image.Width, prediction.Image.Height, [.. drawn.Select(ToFinding)]);
            if (findings.Findings.Count > 0 || prediction.Classification is null)
            {
                PredictionRenderer.Draw(canvas, image.Width, image.Height, findings);
            }

            if (prediction.Classification is { } classification)
            {
                var banner = new ImagePrediction(ModelTask.Classify, prediction.Image.Width, prediction.Image.Height, [], ToScores(classification));
                PredictionRenderer.Draw(canvas, image.Width, image.Height, banner, new RenderOptions { Threshold = classification.Threshold });
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"Skia could not encode a {image.Width}x{image.Height} annotated image as PNG");
        return data.ToArray();
    }

    private DecodedImage Load(StoredPrediction stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var image = stored.Prediction.Image;
        // A DICOM is kept as sent only with KeepDicomFiles (or from before that setting); else as the PNG of its pixels.
        var format = stored.Format;
        var bytes = images.Read(image.Sha256, format);
        if (bytes is null && format == UploadFormat.Dicom)
        {
            format = UploadFormat.Png;
            bytes = images.Read(image.Sha256, format);
        }

        if (bytes is null)
        {
            throw new RequestProblemException(StatusCodes.Status404NotFound, "Image not found", $"the input image of prediction {stored.Prediction.Id} is no longer stored");
        }

        // A stored image was accepted once, so a lowered limit must not lock it out: it is read with a limit of at
        // least its own size. A DICOM's frames all count against the limit and are not stored, so it gets none.
        var maxPixels = format == UploadFormat.Dicom ? long.MaxValue : Math.Max(options.Value.MaxPixels, (long)image.Width * image.Height);
        return decoder.Decode(bytes, format, maxPixels, cancellationToken);
    }

    private static void CopyPixels(DecodedImage image, SKBitmap bitmap)
    {
        var target = bitmap.GetPixelSpan();
        var source = image.Pixels;
        var channels = image.Channels;
        for (int s = 0, d = 0; d < target.Length; s += channels, d += 4)
        {
            target[d] = source[s];
            target[d + 1] = source[s + (channels == 3 ? 1 : 0)];
            target[d + 2] = source[s + (channels == 3 ? 2 : 0)];
            target[d + 3] = 255;
        }
    }

    private static Finding ToFinding(PredictionFinding f) =>
        new(f.ClassId, f.ClassName, f.Confidence, new PixelBox(f.Box.X1, f.Box.Y1, f.Box.X2, f.Box.Y2), f.Outline?.Select(p => new PixelPoint(p[0], p[1])).ToList());

    private static ClassScores ToScores(Classification c)
    {
        var top = Math.Max(0, c.Probabilities.ToList().FindIndex(p => p.ClassName == c.TopClass));
        return new ClassScores([.. c.Probabilities.Select(p => p.Probability)], top, c.TopClass, c.TopScore, c.FractureProbability, c.Suspected);
    }
}
