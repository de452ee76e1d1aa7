namespace Fracture.Inference.Rendering;

/// <summary>
/// Line width and text size for an image: both grow with the mean side, so annotations look alike on a 320 px
/// thumbnail and a 3000 px radiograph (the line rule is Ultralytics' 0.3 % of the mean side, at least 2 px).
/// </summary>
internal readonly record struct AnnotationStyle(float LineWidth, float FontSize)
{
    public static AnnotationStyle For(int width, int height)
    {
        var meanSide = (width + height) / 2.0;
        return new AnnotationStyle((float)Math.Max(2, Math.Round(meanSide * 0.003)), (float)Math.Max(12, meanSide * 0.02));
    }
}
