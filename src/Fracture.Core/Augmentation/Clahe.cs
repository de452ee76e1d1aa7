using Fracture.Core.Imaging;

namespace Fracture.Core.Augmentation;

/// <summary>
/// Contrast-limited adaptive histogram equalisation. The image is cut into a grid of tiles; each tile's 256-bin
/// histogram is clipped at <c>clipLimit</c> times its mean bin count (tile pixels / 256), the excess is spread evenly
/// over the bins below the limit without lifting any above it (Zuiderveld's redistribution; OpenCV instead adds it to
/// all bins in one pass), and the cumulative histogram becomes that tile's mapping 255 * cdf(v) / tile pixels.
/// Each pixel blends the mappings of the (up to) four tiles whose centres surround it bilinearly; beyond the
/// outermost centres the nearest tiles are used alone. Tiles cover the image exactly (boundaries at k * side / tiles,
/// so sizes differ by at most one pixel; no padding). Mappings are kept unrounded and each pixel is rounded once.
/// <para>X-rays are grey: RGB input is equalised on its BT.601 luminance and the result written to all three
/// channels, so any colour is discarded.</para>
/// <para>A larger clip limit gives stronger local contrast; a limit of 256 or more never clips (plain adaptive
/// equalisation). At clip limit 1 every bin ends up exactly at the mean, so the mapping is the identity up to rounding
/// (v -> 255 (v + 1) / 256). Counts are kept fractional, so every tile of a constant image maps it to the same
/// level and the image stays constant.</para>
/// </summary>
public static class Clahe
{
    /// <summary>A new, equalised image of the same size and format.</summary>
    /// <param name="clipLimit">Clip level in multiples of the mean bin count, at least 1 (OpenCV's clipLimit; 2 to 4 is typical).</param>
    /// <param name="tiles">Tiles per side (OpenCV's tileGridSize), at least 1; capped at the image's width and height.</param>
    public static DecodedImage Apply(DecodedImage image, double clipLimit = 2.0, int tiles = 8)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(clipLimit >= 1) || double.IsInfinity(clipLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(clipLimit), clipLimit, "clipLimit is in multiples of the mean bin count and must be finite and >= 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tiles, 1);

        int w = image.Width, h = image.Height;
        var grey = image.Channels == 1 ? image.Pixels : new byte[w * h];
        if (image.Channels == 3)
        {
            PixelConverter.RgbToGray(image.Pixels, grey);
        }

        var columns = new TileAxis(w, Math.Min(tiles, w));
        var rows = new TileAxis(h, Math.Min(tiles, h));
        var mappings = BuildMappings(grey, w, h, columns, rows, clipLimit);

        var result = new byte[image.Pixels.Length];
        var tilesX = columns.Count;
        for (var y = 0; y < h; y++)
        {
            var upper = rows.Near[y] * tilesX * 256;
            var lower = rows.Far[y] * tilesX * 256;
            var fy = rows.Weight[y];
            var line = y * w;
            for (var x = 0; x < w; x++)
            {
                int v = grey[line + x];
                int near = columns.Near[x] * 256, far = columns.Far[x] * 256;
                var fx = columns.Weight[x];
                var top = mappings[upper + near + v] + (fx * (mappings[upper + far + v] - mappings[upper + near + v]));
                var bottom = mappings[lower + near + v] + (fx * (mappings[lower + far + v] - mappings[lower + near + v]));
                var value = (byte)(top + (fy * (bottom - top)) + 0.5f);
                if (image.Channels == 1)
                {
                    result[line + x] = value;
                }
                else
                {
                    var d = (line + x) * 3;
                    result[d] = value;
                    result[d + 1] = value;
                    result[d + 2] = value;
                }
            }
        }

        return image.WithPixels(w, h, image.Format, result);
    }

    /// <summary>Per tile (row-major), 256 unrounded output levels.</summary>
    private static float[] BuildMappings(byte[] grey, int w, int h, TileAxis columns, TileAxis rows, double clipLimit)
    {
        var tilesX = columns.Count;
        var histograms = new int[rows.Count * tilesX * 256];
        for (var y = 0; y < h; y++)
        {
            var tileRow = rows.TileOf[y] * tilesX;
            var line = y * w;
            for (var x = 0; x < w; x++)
            {
                histograms[((tileRow + columns.TileOf[x]) * 256) + grey[line + x]]++;
            }
        }

        var mappings = new float[histograms.Length];
        var rooms = new double[256];
        for (var ty = 0; ty < rows.Count; ty++)
        {
            for (var tx = 0; tx < tilesX; tx++)
            {
                var area = (double)columns.Size(tx) * rows.Size(ty);
                var start = ((ty * tilesX) + tx) * 256;
                var histogram = histograms.AsSpan(start, 256);
                var limit = clipLimit * area / 256;
                var share = RedistributionShare(histogram, limit, rooms);
                var cumulative = 0.0;
                for (var v = 0; v < 256; v++)
                {
                    // Clipped count plus its part of the excess, capped so no bin is lifted above the limit.
                    var clipped = Math.Min(histogram[v], limit);
                    cumulative += clipped + Math.Min(limit - clipped, share);
                    mappings[start + v] = (float)Math.Min(255, 255 * cumulative / area);
                }
            }
        }

        return mappings;
    }

    /// <summary>
    /// The excess above <paramref name="limit"/> is spread evenly over the bins below it without lifting any above it
    /// (water-filling): each bin gets min(room, share), where room = limit - clipped count, for the share whose total
    /// is exactly the excess. It exists because clipLimit >= 1 makes the total room at least the excess.
    /// </summary>
    private static double RedistributionShare(ReadOnlySpan<int> histogram, double limit, double[] rooms)
    {
        var excess = 0.0;
        for (var v = 0; v < 256; v++)
        {
            excess += Math.Max(0, histogram[v] - limit);
            rooms[v] = limit - Math.Min(histogram[v], limit);
        }

        if (excess <= 0)
        {
            return 0;
        }

        // Bins with less room than an equal share are filled and leave the pool (room set to -1); repeat until every
        // open bin can take the share. Each round closes at least one bin, and in practice there are only a few rounds.
        var open = 256;
        while (open > 0)
        {
            var share = excess / open;
            var closed = false;
            for (var v = 0; v < 256; v++)
            {
                if (rooms[v] >= 0 && rooms[v] < share)
                {
                    excess -= rooms[v];
                    rooms[v] = -1;
                    open--;
                    closed = true;
                }
            }

            if (!closed)
            {
                return share;
            }
        }

        return double.MaxValue; // only by rounding, when the excess fills every bin: give each its full room
    }

    /// <summary>
    /// Tiling of one axis: which tile holds each pixel, and for interpolation the two tiles whose centres surround the
    /// pixel centre and the weight of the second (<see cref="Near"/> = <see cref="Far"/> beyond the outer centres).
    /// </summary>
    private sealed class TileAxis
    {
        private readonly int[] _bounds;

        public TileAxis(int length, int count)
        {
            Count = count;
            _bounds = new int[count + 1];
            for (var k = 0; k <= count; k++)
            {
                _bounds[k] = (int)((long)k * length / count);
            }

            TileOf = new int[length];
            Near = new int[length];
            Far = new int[length];
            Weight = new float[length];
            var tile = 0;
            var next = 0; // first tile whose centre is at or after the pixel centre
            for (var p = 0; p < length; p++)
            {
                while (p >= _bounds[tile + 1])
                {
                    tile++;
                }

                TileOf[p] = tile;
                var centre = p + 0.5;
                while (next < count && Centre(next) < centre)
                {
                    next++;
                }

                if (next == 0 || next == count)
                {
                    Near[p] = Far[p] = Math.Min(next, count - 1);
                }
                else
                {
                    Near[p] = next - 1;
                    Far[p] = next;
                    Weight[p] = (float)((centre - Centre(next - 1)) / (Centre(next) - Centre(next - 1)));
                }
            }
        }

        public int Count { get; }

        public int[] TileOf { get; }

        public int[] Near { get; }

        public int[] Far { get; }

        public float[] Weight { get; }

        public int Size(int tile) => _bounds[tile + 1] - _bounds[tile];

        private double Centre(int tile) => (_bounds[tile] + _bounds[tile + 1]) / 2.0;
    }
}
