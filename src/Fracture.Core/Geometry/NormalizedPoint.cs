namespace Fracture.Core.Geometry;

/// <summary>A point as fractions (0..1) of the image's width and height.</summary>
public readonly record struct NormalizedPoint(double X, double Y)
{
    public PixelPoint ToPixels(int imageWidth, int imageHeight) => new(X * imageWidth, Y * imageHeight);
}
