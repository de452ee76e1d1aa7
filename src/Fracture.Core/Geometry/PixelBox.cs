namespace Fracture.Core.Geometry;

/// <summary>An axis-aligned box in pixels of some image: corners (X1, Y1) top-left and (X2, Y2) bottom-right.</summary>
public readonly record struct PixelBox(double X1, double Y1, double X2, double Y2)
{
    public double Width => Math.Max(0, X2 - X1);

    public double Height => Math.Max(0, Y2 - Y1);

    public double Area => Width * Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>Whether the two boxes share some area (touching edges do not count).</summary>
    public bool Overlaps(PixelBox other) =>
        Math.Min(X2, other.X2) > Math.Max(X1, other.X1) && Math.Min(Y2, other.Y2) > Math.Max(Y1, other.Y1);

    /// <summary>Intersection over union; 0 when both boxes are empty.</summary>
    public double IoU(PixelBox other)
    {
        var iw = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var ih = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (iw <= 0 || ih <= 0)
        {
            return 0;
        }

        var inter = iw * ih;
        var union = Area + other.Area - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /// <summary>The box cut to a canvas of <paramref name="width"/> x <paramref name="height"/> pixels (a box wholly outside becomes a line on its edge).</summary>
    public PixelBox ClippedTo(int width, int height) =>
        new(Math.Clamp(X1, 0, width), Math.Clamp(Y1, 0, height), Math.Clamp(X2, 0, width), Math.Clamp(Y2, 0, height));

    /// <summary>The four corners clockwise from the top-left: the box as a polygon.</summary>
    public IReadOnlyList<PixelPoint> Corners() => [new(X1, Y1), new(X2, Y1), new(X2, Y2), new(X1, Y2)];

    public NormalizedBox ToNormalized(int imageWidth, int imageHeight) =>
        new((X1 + X2) / 2 / imageWidth, (Y1 + Y2) / 2 / imageHeight, Width / imageWidth, Height / imageHeight);
}
