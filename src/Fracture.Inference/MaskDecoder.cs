using Fracture.Core.Geometry;
using Fracture.Core.Imaging;

namespace Fracture.Inference;

/// <summary>
/// One segmenter mask as an outline, the way Ultralytics builds masks: sigmoid(coefficients . prototypes) on the
/// prototype grid, cells outside the box zeroed (a cell counts when its index lies in [x1, x2) of the box scaled to the
/// grid), bilinear upsampling to the input (PyTorch's align_corners=False), then thresholded above 0.5. The upsampled
/// mask is read straight at each image pixel's centre mapped through the letterbox, for the pixels whose centre lies
/// in the box, and the outline of its largest component is traced and simplified to within one pixel. On images much
/// larger than the input, where one prototype cell covers many pixels, the mask is read once per block of pixels
/// instead (at least 8 reads per cell along each axis): the outline is only as fine as the bilinear cells anyway, and
/// a whole-image box on a 4000 px X-ray would otherwise cost 16 million reads per finding. Probabilities cut
/// to 0 (Ultralytics' older rule), not logits cut to 0 (its current one, which lets masks reach the box's edge): the
/// wider masks scored lower on valid and test (docs/training.md, "Masks from probabilities cut to 0").
/// </summary>
internal sealed class MaskDecoder
{
    /// <summary>Douglas-Peucker tolerance in mask reads (image pixels, or blocks on large images): removes the staircase, keeps the shape.</summary>
    internal const double Tolerance = 1.0;

    /// <summary>
    /// Fewest mask reads per prototype cell along each axis. A cell is 4 input pixels, so blocks start at images four
    /// times the input's size (1664 px for a 416 px model); smaller ones read every pixel.
    /// </summary>
    internal const int ReadsPerCell = 8;

    private readonly int _masks;
    private readonly int _protoHeight;
    private readonly int _protoWidth;
    private readonly InputGeometry _geometry;
    private readonly LetterboxTransform _letterbox;
    private readonly int _block;

    public MaskDecoder(int masks, int protoHeight, int protoWidth, InputGeometry geometry)
    {
        _masks = masks;
        _protoHeight = protoHeight;
        _protoWidth = protoWidth;
        _geometry = geometry;
        _letterbox = geometry.Letterbox ?? throw new ArgumentException("masks need a letterboxed input", nameof(geometry));
        _block = BlockSize(_letterbox, protoWidth, protoHeight);
    }

    /// <summary>How the image reached the model input.</summary>
    public InputGeometry Geometry => _geometry;

    /// <param name="protos">This image's prototypes [M, h, w].</param>
    /// <param name="coefficients">The detection's M mask coefficients.</param>
    /// <param name="inputBox">The detection's box in input pixels.</param>
    /// <returns>The outline in pixels of the file; empty when no pixel of the box is on.</returns>
    public IReadOnlyList<PixelPoint> Outline(ReadOnlySpan<float> protos, ReadOnlySpan<float> coefficients, PixelBox inputBox)
    {
        var (scaleX, scaleY) = ((double)_protoWidth / _letterbox.TargetWidth, (double)_protoHeight / _letterbox.TargetHeight);
        var (cellX0, cellX1) = (CellStart(inputBox.X1 * scaleX, _protoWidth), CellStart(inputBox.X2 * scaleX, _protoWidth));
        var (cellY0, cellY1) = (CellStart(inputBox.Y1 * scaleY, _protoHeight), CellStart(inputBox.Y2 * scaleY, _protoHeight));
        var imageBox = _letterbox.ToSource(inputBox);
        var (x0, x1) = (PixelStart(imageBox.X1, _letterbox.SourceWidth), PixelStart(imageBox.X2, _letterbox.SourceWidth));
        var (y0, y1) = (PixelStart(imageBox.Y1, _letterbox.SourceHeight), PixelStart(imageBox.Y2, _letterbox.SourceHeight));
        if (cellX1 <= cellX0 || cellY1 <= cellY0 || x1 <= x0 || y1 <= y0)
        {
            return [];
        }

        var cells = Probabilities(protos, coefficients, cellX0, cellX1, cellY0, cellY1);
        var cellWidth = cellX1 - cellX0;
        float Cell(int x, int y) =>
            x >= cellX0 && x < cellX1 && y >= cellY0 && y < cellY1 ? cells[((y - cellY0) * cellWidth) + x - cellX0] : 0f;

        var columns = Taps(x0, x1, _block, _letterbox.Scale, _letterbox.PadX, scaleX, _protoWidth);
        var rows = Taps(y0, y1, _block, _letterbox.Scale, _letterbox.PadY, scaleY, _protoHeight);
        var (width, height) = (columns.Length, rows.Length);
        var mask = new bool[width * height];
        for (var y = 0; y < height; y++)
        {
            var (r0, r1, fy) = rows[y];
            for (var x = 0; x < width; x++)
            {
                var (c0, c1, fx) = columns[x];
                var top = (Cell(c0, r0) * (1 - fx)) + (Cell(c1, r0) * fx);
                var bottom = (Cell(c0, r1) * (1 - fx)) + (Cell(c1, r1) * fx);
                mask[(y * width) + x] = (top * (1 - fy)) + (bottom * fy) > 0.5;
            }
        }

        // Traced in blocks, simplified to within one block (one pixel when blocks are pixels); the last block of a row
        // or column may be cut by the box, so its far edge is the box's.
        var outline = PolygonSimplifier.Simplify(MaskContour.LargestOuterContour(mask, width, height), Tolerance);
        return [.. outline.Select(p => _geometry.ToFile(new PixelPoint(Math.Min(x0 + (p.X * _block), x1), Math.Min(y0 + (p.Y * _block), y1))))];
    }

    /// <summary>Image pixels per mask read along each axis: 1 unless a prototype cell spans 2 x <see cref="ReadsPerCell"/> image pixels or more.</summary>
    private static int BlockSize(LetterboxTransform letterbox, int protoWidth, int protoHeight)
    {
        var cellPixels = Math.Min((double)letterbox.TargetWidth / protoWidth, (double)letterbox.TargetHeight / protoHeight) / letterbox.Scale;
        return Math.Max(1, (int)(cellPixels / ReadsPerCell));
    }

    /// <summary>First whole index at or after <paramref name="edge"/>, within 0..<paramref name="size"/>.</summary>
    private static int CellStart(double edge, int size) => (int)Math.Clamp(Math.Ceiling(edge), 0, size);

    /// <summary>First pixel whose centre is at or after <paramref name="edge"/>, within 0..<paramref name="size"/>.</summary>
    private static int PixelStart(double edge, int size) => (int)Math.Clamp(Math.Ceiling(edge - 0.5), 0, size);

    /// <summary>
    /// For image pixels <paramref name="first"/>..<paramref name="end"/> along one axis, read in blocks of
    /// <paramref name="block"/> pixels at each block's centre: the two prototype cells bilinear sampling reads and the
    /// weight of the second, as PyTorch computes them for align_corners=False.
    /// </summary>
    private static (int Low, int High, float Weight)[] Taps(int first, int end, int block, double scale, double pad, double toCells, int cells)
    {
        var taps = new (int, int, float)[(end - first + block - 1) / block];
        for (var i = 0; i < taps.Length; i++)
        {
            var start = first + (i * block);
            var centre = start + (Math.Min(block, end - start) / 2.0);
            var input = (centre * scale) + pad;
            var source = Math.Max(0, (input * toCells) - 0.5);
            var low = Math.Min((int)source, cells - 1);
            taps[i] = (low, Math.Min(low + 1, cells - 1), (float)(source - low));
        }

        return taps;
    }

    /// <summary>sigmoid(coefficients . prototypes) for the cells of the box.</summary>
    private float[] Probabilities(ReadOnlySpan<float> protos, ReadOnlySpan<float> coefficients, int x0, int x1, int y0, int y1)
    {
        var plane = _protoHeight * _protoWidth;
        var width = x1 - x0;
        var cells = new float[width * (y1 - y0)];
        for (var y = y0; y < y1; y++)
        {
            var row = cells.AsSpan((y - y0) * width, width);
            for (var m = 0; m < _masks; m++)
            {
                var weight = coefficients[m];
                var source = protos.Slice((m * plane) + (y * _protoWidth) + x0, width);
                for (var x = 0; x < width; x++)
                {
                    row[x] += weight * source[x];
                }
            }

            for (var x = 0; x < width; x++)
            {
                row[x] = 1f / (1f + MathF.Exp(-row[x]));
            }
        }

        return cells;
    }
}
