using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// An object's filled outline on a pixel grid: its polygon (its box when it has none) scaled to the grid and
/// rasterised by pixel centres (<see cref="PolygonRasterizer"/>). Training targets use the prototype grid (a quarter
/// of the input), validation the input's own pixels.
/// </summary>
public static class InstanceMasks
{
    /// <param name="scale">Grid cells per input pixel (0.25 for the prototype grid, 1 for the input).</param>
    /// <remarks>
    /// A polygon thinner than a cell can cover no cell centre; it then gets the cell under its box's centre, so a thin
    /// fracture line still has a target instead of teaching the model that its mask is empty.
    /// </remarks>
    public static BinaryMask Rasterize(PixelInstance instance, int width, int height, double scale)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var outline = Outline(instance);
        var mask = PolygonRasterizer.Rasterize([.. outline.Select(p => new PixelPoint(p.X * scale, p.Y * scale))], width, height);
        if (mask.PixelCount > 0)
        {
            return mask;
        }

        var (x, y) = ((int)((instance.Box.X1 + instance.Box.X2) / 2 * scale), (int)((instance.Box.Y1 + instance.Box.Y2) / 2 * scale));
        var pixels = new bool[width * height];
        if (x >= 0 && x < width && y >= 0 && y < height)
        {
            pixels[(y * width) + x] = true;
        }

        return BinaryMask.FromPixels(width, height, pixels);
    }

    /// <summary>The object's polygon, or its box's corners when it has none.</summary>
    public static IReadOnlyList<PixelPoint> Outline(PixelInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Polygon is { Count: >= 3 } polygon ? polygon : instance.Box.Corners();
    }
}
