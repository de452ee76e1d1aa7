namespace Fracture.Core.Imaging;

/// <summary>
/// Fits an image into a fixed canvas keeping its aspect ratio, padding the rest, with the geometry of Ultralytics'
/// LetterBox(center=True, auto=False): r = min(tw/w, th/h) (at most 1 without scaleUp), content size
/// round(w*r) x round(h*r) with Python's round-half-to-even, padding split as left = round(dw - 0.1),
/// top = round(dh - 0.1) where dw, dh are half the spare width and height, so an odd spare pixel goes right/bottom.
/// The pixels differ slightly from Ultralytics when shrinking: <see cref="ImageResizer"/> averages by area where
/// OpenCV's INTER_LINEAR skips pixels.
/// </summary>
public static class Letterbox
{
    /// <summary>Ultralytics' grey (114, 114, 114).</summary>
    public const byte DefaultPadValue = 114;

    public static LetterboxResult Apply(
        DecodedImage image, int targetWidth, int targetHeight, byte padValue = DefaultPadValue, bool scaleUp = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetHeight, 1);

        var transform = Plan(image.Width, image.Height, targetWidth, targetHeight, scaleUp, out var contentWidth, out var contentHeight);
        var channels = image.Channels;
        var stride = targetWidth * channels;
        var pixels = GC.AllocateUninitializedArray<byte>(checked(targetHeight * stride));
        pixels.AsSpan().Fill(padValue);
        var content = pixels.AsSpan((((int)transform.PadY * targetWidth) + (int)transform.PadX) * channels);
        if (contentWidth == image.Width && contentHeight == image.Height)
        {
            var rowBytes = contentWidth * channels;
            for (var y = 0; y < contentHeight; y++)
            {
                image.Pixels.AsSpan(y * rowBytes, rowBytes).CopyTo(content.Slice(y * stride));
            }
        }
        else
        {
            // Resized straight into the canvas: no intermediate image.
            ImageResizer.ResizeInto(image, content, contentWidth, contentHeight, stride);
        }

        return new LetterboxResult(image.WithPixels(targetWidth, targetHeight, image.Format, pixels), transform);
    }

    /// <summary>The letterbox geometry alone, for callers that only map coordinates.</summary>
    public static LetterboxTransform Plan(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight, bool scaleUp = true) =>
        Plan(sourceWidth, sourceHeight, targetWidth, targetHeight, scaleUp, out _, out _);

    private static LetterboxTransform Plan(
        int sourceWidth, int sourceHeight, int targetWidth, int targetHeight, bool scaleUp, out int contentWidth, out int contentHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        var r = Math.Min((double)targetWidth / sourceWidth, (double)targetHeight / sourceHeight);
        if (!scaleUp)
        {
            r = Math.Min(r, 1.0);
        }

        contentWidth = Math.Clamp((int)Math.Round(sourceWidth * r, MidpointRounding.ToEven), 1, targetWidth);
        contentHeight = Math.Clamp((int)Math.Round(sourceHeight * r, MidpointRounding.ToEven), 1, targetHeight);
        var dw = (targetWidth - contentWidth) / 2.0;
        var dh = (targetHeight - contentHeight) / 2.0;
        var left = (int)Math.Round(dw - 0.1, MidpointRounding.ToEven);
        var top = (int)Math.Round(dh - 0.1, MidpointRounding.ToEven);
        return new LetterboxTransform(r, left, top, sourceWidth, sourceHeight, targetWidth, targetHeight);
    }
}
