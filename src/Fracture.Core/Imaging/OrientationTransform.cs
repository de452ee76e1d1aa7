namespace Fracture.Core.Imaging;

/// <summary>
/// Rearranges interleaved pixels so an image stored with an EXIF orientation comes out upright.
/// Pure index arithmetic, so it works for bytes and 16-bit samples alike.
/// </summary>
internal static class OrientationTransform
{
    public static bool SwapsAxes(ExifOrientation orientation) => orientation >= ExifOrientation.LeftTop;

    /// <summary>
    /// Returns the upright pixels and their size. For <see cref="ExifOrientation.TopLeft"/> the input array itself
    /// comes back (no copy).
    /// </summary>
    public static T[] Apply<T>(T[] src, int width, int height, int channels, ExifOrientation orientation, out int outWidth, out int outHeight)
    {
        var swap = SwapsAxes(orientation);
        outWidth = swap ? height : width;
        outHeight = swap ? width : height;
        if (orientation == ExifOrientation.TopLeft)
        {
            return src;
        }

        // Source column/row of output (x, y) is xs = ax*x + bx*y + cx, ys = ay*x + by*y + cy.
        var (ax, bx, cx, ay, by, cy) = orientation switch
        {
            ExifOrientation.TopRight => (-1, 0, width - 1, 0, 1, 0),
            ExifOrientation.BottomRight => (-1, 0, width - 1, 0, -1, height - 1),
            ExifOrientation.BottomLeft => (1, 0, 0, 0, -1, height - 1),
            ExifOrientation.LeftTop => (0, 1, 0, 1, 0, 0),
            ExifOrientation.RightTop => (0, 1, 0, -1, 0, height - 1),
            ExifOrientation.RightBottom => (0, -1, width - 1, -1, 0, height - 1),
            ExifOrientation.LeftBottom => (0, -1, width - 1, 1, 0, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(orientation), orientation, "not an EXIF orientation"),
        };

        var dst = GC.AllocateUninitializedArray<T>(src.Length);
        var step = ((ay * width) + ax) * channels;
        var d = 0;
        for (var y = 0; y < outHeight; y++)
        {
            var s = (((by * y) + cy) * width + (bx * y) + cx) * channels;
            for (var x = 0; x < outWidth; x++, s += step)
            {
                for (var c = 0; c < channels; c++)
                {
                    dst[d++] = src[s + c];
                }
            }
        }

        return dst;
    }
}
