using Fracture.Core.Geometry;
using Fracture.Core.Imaging;

namespace Fracture.Core.Augmentation;

/// <summary>
/// Ultralytics-style mosaic (its load_mosaic): four S x S images put together around a random centre on a 2S x 2S
/// canvas, so one sample shows objects at new places, cut by tile borders, next to other images' context. Tile 0 sits
/// up-left of the centre, 1 up-right, 2 down-left and 3 down-right, each with its inner corner on the centre; what falls
/// off the canvas is cut and the rest of the canvas is pad grey. Pixels are copied row by row (no resampling), and
/// labels move with their tile, clipped to the part of the tile that was placed and dropped by
/// <see cref="InstanceWarp"/>'s candidate rule when too little is left. <see cref="Augmenter.AugmentMosaic"/> then takes
/// a random S x S view of the canvas.
/// </summary>
public static class Mosaic
{
    /// <summary>Number of images in a mosaic.</summary>
    public const int TileCount = 4;

    /// <summary>
    /// The 2S x 2S mosaic of <paramref name="tiles"/> (exactly four, all S x S and of one pixel format) and their labels
    /// (<paramref name="instances"/>[i] belongs to tile i), in canvas pixels: tile by tile, each tile's survivors in
    /// input order. The centre is uniform on whole pixels in [S/2, 2S - S/2] on each axis (Ultralytics' mosaic border
    /// of -S/2), drawn from <paramref name="rng"/> x first, then y. The inputs are not modified.
    /// </summary>
    public static (DecodedImage Image, IReadOnlyList<PixelInstance> Instances) Combine(
        IReadOnlyList<DecodedImage> tiles, IReadOnlyList<IReadOnlyList<PixelInstance>> instances, Random rng, byte padValue)
    {
        var size = CheckTiles(tiles, instances);
        ArgumentNullException.ThrowIfNull(rng);
        var half = size / 2;
        var centerX = rng.Next(half, (2 * size) - half + 1);
        var centerY = rng.Next(half, (2 * size) - half + 1);
        return Combine(tiles, instances, centerX, centerY, padValue);
    }

    /// <summary>
    /// <see cref="Combine(IReadOnlyList{DecodedImage}, IReadOnlyList{IReadOnlyList{PixelInstance}}, Random, byte)"/> with
    /// the centre given, in [0, 2S] on each axis: lets tests check the placement by hand.
    /// </summary>
    internal static (DecodedImage Image, IReadOnlyList<PixelInstance> Instances) Combine(
        IReadOnlyList<DecodedImage> tiles, IReadOnlyList<IReadOnlyList<PixelInstance>> instances, int centerX, int centerY, byte padValue)
    {
        var size = CheckTiles(tiles, instances);
        var side = 2 * size;
        ArgumentOutOfRangeException.ThrowIfNegative(centerX);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(centerX, side);
        ArgumentOutOfRangeException.ThrowIfNegative(centerY);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(centerY, side);

        var channels = tiles[0].Channels;
        var canvasStride = side * channels;
        var pixels = GC.AllocateUninitializedArray<byte>(side * canvasStride);
        pixels.AsSpan().Fill(padValue);
        var kept = new List<PixelInstance>();
        for (var i = 0; i < TileCount; i++)
        {
            // Tile pixel (x, y) goes to canvas pixel (x + offsetX, y + offsetY); [x1, x2) x [y1, y2) is what stays on the canvas.
            var offsetX = (i & 1) == 0 ? centerX - size : centerX;
            var offsetY = i < 2 ? centerY - size : centerY;
            int x1 = Math.Max(offsetX, 0), y1 = Math.Max(offsetY, 0);
            int x2 = Math.Min(offsetX + size, side), y2 = Math.Min(offsetY + size, side);
            if (x2 <= x1 || y2 <= y1)
            {
                continue; // the centre sits on the canvas border: nothing of this tile shows (only for a centre given by hand)
            }

            var tile = tiles[i].Pixels;
            var rowBytes = (x2 - x1) * channels;
            for (var y = y1; y < y2; y++)
            {
                var from = ((((y - offsetY) * size) + (x1 - offsetX)) * channels);
                tile.AsSpan(from, rowBytes).CopyTo(pixels.AsSpan((y * canvasStride) + (x1 * channels), rowBytes));
            }

            var region = new PixelBox(x1, y1, x2, y2);
            var shift = AffineTransform.Translation(offsetX, offsetY);
            foreach (var instance in instances[i])
            {
                if (InstanceWarp.Apply(instance, shift, region) is { } moved)
                {
                    kept.Add(moved);
                }
            }
        }

        // A new image: the tiles' source sizes say nothing about the canvas; truncation of any tile is kept as a warning.
        var image = new DecodedImage(side, side, tiles[0].Format, pixels) { Truncated = tiles.Any(t => t.Truncated) };
        return (image, kept);
    }

    /// <summary>Checks the inputs and returns the tile side S.</summary>
    private static int CheckTiles(IReadOnlyList<DecodedImage> tiles, IReadOnlyList<IReadOnlyList<PixelInstance>> instances)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(instances);
        if (tiles.Count != TileCount)
        {
            throw new ArgumentException($"A mosaic takes exactly {TileCount} images, got {tiles.Count}.", nameof(tiles));
        }

        if (instances.Count != TileCount)
        {
            throw new ArgumentException($"A mosaic takes one label list per image ({TileCount}), got {instances.Count}.", nameof(instances));
        }

        var first = tiles[0] ?? throw new ArgumentException("Mosaic image 0 is null.", nameof(tiles));
        var size = first.Width;
        for (var i = 0; i < TileCount; i++)
        {
            var tile = tiles[i] ?? throw new ArgumentException($"Mosaic image {i} is null.", nameof(tiles));
            if (tile.Width != size || tile.Height != size || tile.Format != first.Format)
            {
                throw new ArgumentException(
                    $"Mosaic images must all be {size}x{size} {first.Format} like image 0; image {i} is {tile.Width}x{tile.Height} {tile.Format}.",
                    nameof(tiles));
            }

            if (instances[i] is null)
            {
                throw new ArgumentException($"The label list of mosaic image {i} is null.", nameof(instances));
            }
        }

        return size;
    }
}
