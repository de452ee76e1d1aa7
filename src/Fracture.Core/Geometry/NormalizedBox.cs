namespace Fracture.Core.Geometry;

/// <summary>A YOLO box: centre and size as fractions (0..1) of the image's width and height.</summary>
public readonly record struct NormalizedBox(double CenterX, double CenterY, double Width, double Height)
{
    public double X1 => CenterX - (Width / 2);

    public double Y1 => CenterY - (Height / 2);

    public double X2 => CenterX + (Width / 2);

    public double Y2 => CenterY + (Height / 2);

    public PixelBox ToPixels(int imageWidth, int imageHeight) =>
        new(X1 * imageWidth, Y1 * imageHeight, X2 * imageWidth, Y2 * imageHeight);

    public static NormalizedBox FromCorners(double x1, double y1, double x2, double y2) =>
        new((x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1);
}
