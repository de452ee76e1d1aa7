using Fracture.Core.Geometry;
using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// A 64x64 segmenter (1 class, 2 mask coefficients, 16x16 prototypes: one cell is 4 input pixels) on a 128x64 image:
/// r = 0.5, content 64x32, top pad 16, so input (u, v) is image (2u, 2v - 32).
/// Prototype 0 is +10 on cells x 2..5, y 5..8 and -10 elsewhere; prototype 1 is +10 everywhere.
/// sigmoid(10) and sigmoid(-10) sum to 1, so bilinear upsampling crosses 0.5 exactly halfway between cell centres,
/// i.e. on cell edges: a block of whole cells is, in input pixels, the rectangle of those cells' edges, except that
/// bilinear interpolation rounds its corners (near a corner the value is the product of the two edge profiles).
/// </summary>
public sealed class SegmentPredictorTests : IDisposable
{
    private const int Masks = 2;
    private const int ProtoSize = 16;

    // cx, cy, w, h, p(fracture), coefficient 0, coefficient 1 (input pixels).
    private static readonly float[][] Anchors =
    [
        [16, 28, 24, 24, 0.9f, 1, 0],   // box (4, 16)-(28, 40); mask: prototype 0
        [48, 30, 16, 12, 0.8f, 0, 1],   // box (40, 24)-(56, 36); mask: prototype 1 (all on) cut to the box
        [44, 44, 8, 8, 0.7f, 0, -1],    // box (40, 40)-(48, 48); mask all off
        [10, 10, 4, 4, 0.01f, 0, 0],
    ];

    private readonly TempFolder _folder = new();

    [Fact]
    public void Masks_become_outlines_in_original_pixels()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Segment(64, Anchors, Prototypes(), Masks, ProtoSize, TestModels.Ultralytics("segment", ["fracture"], 64, 64)));

        var prediction = predictor.Predict(TestImages.Solid(128, 64, 200));

        Assert.Equal(ModelTask.Segment, prediction.Task);
        Assert.Equal((128, 64), (prediction.Width, prediction.Height));
        Assert.Equal([0.9f, 0.8f, 0.7f], prediction.Findings.Select(f => f.Score));
        Assert.Equal([new PixelBox(8, 0, 56, 48), new PixelBox(80, 16, 112, 40), new PixelBox(80, 48, 96, 64)], prediction.Findings.Select(f => f.Box));

        // Mask 0: cells x 2..5, y 5..8 are input x [8, 24), y [20, 36): image pixels x 16..47, y 8..39. One cell is
        // 8 image pixels, so the 4 pixels inside each edge read 0.5625, 0.6875, 0.8125, 0.9375 across it; at a corner
        // a pixel is on when the product of its two readings is above 0.5: (0.5625, 0.9375) and (0.6875, 0.8125) are,
        // (0.5625, 0.8125) and (0.6875, 0.6875) are not. So rows 8, 9, 10 start at x 19, 18, 17 (and likewise at
        // every corner): a staircase of 28 vertices, which Douglas-Peucker (1 px) cuts to a chamfer at each corner.
        Assert.Equal([P(19, 8), P(45, 8), P(48, 11), P(48, 37), P(45, 40), P(19, 40), P(16, 37), P(16, 11)], prediction.Findings[0].Polygon);

        // Mask 1: all on, but only cells whose index lies in the box (x 10..13, y 6..8) are kept: the box's pixels
        // x 80..111, y 16..39, with the same chamfered corners.
        Assert.Equal([P(83, 16), P(109, 16), P(112, 19), P(112, 37), P(109, 40), P(83, 40), P(80, 37), P(80, 19)], prediction.Findings[1].Polygon);

        // Mask 2: -10 everywhere, nothing on: an empty outline (not null, which means "no mask").
        Assert.NotNull(prediction.Findings[2].Polygon);
        Assert.Empty(prediction.Findings[2].Polygon!);
    }

    [Fact]
    public void Whole_cells_are_cut_to_the_box_before_upsampling()
    {
        // Straight through MaskDecoder, letterbox 1:1 (64x64 image). Box (9, 16)-(30, 40) is cells (2.25, 4)-(7.5, 10):
        // a cell stays when its index is in [2.25, 7.5), so cell 2, on in prototype 0, is cut. The mask then starts
        // halfway between cells 2 and 3 (input 12, not the box's 9) and ends halfway between cells 5 and 6 (input 24,
        // inside the box); rows 5..8 give y 20..35. One cell is 4 pixels, the two inside an edge read 0.625 and 0.875,
        // so only each corner pixel (0.625 x 0.625 = 0.39) drops out. Douglas-Peucker (1 px) cuts the ring at
        // (13, 20) and the farthest vertex (23, 36); on each half it keeps the farthest step corner, (24, 21) and
        // (12, 35) (8.8 px off the cut), and every other vertex then lies within 0.91 px.
        var geometry = new InputGeometry(Core.Imaging.Letterbox.Plan(64, 64, 64, 64), 64, 64);
        var decoder = new MaskDecoder(Masks, ProtoSize, ProtoSize, geometry);

        var outline = decoder.Outline(Prototypes(), [1, 0], new PixelBox(9, 16, 30, 40));

        Assert.Equal([P(13, 20), P(24, 21), P(23, 36), P(12, 35)], outline);
    }

    [Fact]
    public void Flip_fusion_fuses_a_box_with_its_mirror_and_outlines_a_mirrored_box_from_the_prototypes_mirrored_back()
    {
        // On a 64x64 image (letterbox 1:1) the model's constant outputs come back for the mirror image too, so the
        // mirrored view's boxes map back to x -> 64 - x. a1 (24, 46)-(40, 54) is its own mirror: it fuses with itself,
        // score (0.6 + 0.6) / 2. a0 (4, 16)-(28, 40) and its mirror (36, 16)-(60, 40) do not overlap: each is seen by
        // one view only and keeps 0.9 / 2, the straight one first.
        float[][] anchors =
        [
            [16, 28, 24, 24, 0.9f, 1, 0],
            [32, 50, 16, 8, 0.6f, 0, 1],
        ];
        using var predictor = TestModels.Open(_folder, TestModels.Segment(64, anchors, Prototypes(), Masks, ProtoSize, TestModels.Ultralytics("segment", ["fracture"], 64, 64)));
        var image = TestImages.Solid(64, 64, 200);

        var plain = predictor.Predict(image);
        var fused = predictor.Predict(image, new PredictSettings(FlipFusion: true));

        Assert.Equal([0.6, 0.45, 0.45], fused.Findings.Select(f => Math.Round(f.Score, 6)));
        Assert.Equal([new PixelBox(24, 46, 40, 54), new PixelBox(4, 16, 28, 40), new PixelBox(36, 16, 60, 40)], fused.Findings.Select(f => f.Box));

        // The straight boxes' outlines are the plain run's. The mirrored box's is the straight a0's mirror image:
        // prototype 0's block (cells x 2..5, input x 8..24) read from the mirror image's prototypes lies under cells
        // x 10..13 (input x 40..56) once mirrored back. Read unmirrored it would lie outside the box: no outline.
        // (Douglas-Peucker keeps other corners of the chamfered mirror image, so the spans are compared, not the vertices.)
        Assert.Equal(plain.Findings.Single(f => f.Score > 0.85).Polygon, fused.Findings[1].Polygon);
        Assert.Equal(plain.Findings.Single(f => f.Score < 0.85).Polygon, fused.Findings[0].Polygon);
        Assert.Equal((8.0, 24.0, 20.0, 36.0), Span(fused.Findings[1].Polygon!));
        Assert.Equal((40.0, 56.0, 20.0, 36.0), Span(fused.Findings[2].Polygon!));
    }

    [Fact]
    public void On_an_image_far_larger_than_the_input_the_mask_is_read_in_blocks_on_the_same_edges()
    {
        // A 1024x512 image into the 64x64 input: scale 1/16, top pad 16, so input (u, v) is image (16u, 16v - 256) and
        // one cell (4 input pixels) is 64 image pixels: read once per 8x8 block (8 reads per cell). Mask 0's cells
        // x 2..5, y 5..8 are input x [8, 24), y [20, 36): image x [128, 384), y [64, 320), edges on the block grid
        // (box (4, 16)-(28, 40) starts at image x 64, y 0 after clipping). Every vertex lies on that grid, the edges
        // are where reading every pixel puts them, and the corners are chamfered as there, by about a block.
        var geometry = new InputGeometry(Core.Imaging.Letterbox.Plan(1024, 512, 64, 64), 1024, 512);
        var decoder = new MaskDecoder(Masks, ProtoSize, ProtoSize, geometry);

        var outline = decoder.Outline(Prototypes(), [1, 0], new PixelBox(4, 16, 28, 40));

        Assert.Equal((128.0, 384.0, 64.0, 320.0), Span(outline));
        Assert.All(outline, p => Assert.True(p.X % 8 == 0 && p.Y % 8 == 0, $"{p} is off the 8-pixel block grid"));
        Assert.InRange(outline.Count, 4, 12);
    }

    public void Dispose() => _folder.Dispose();

    private static PixelPoint P(double x, double y) => new(x, y);

    private static (double MinX, double MaxX, double MinY, double MaxY) Span(IReadOnlyList<PixelPoint> polygon) =>
        (polygon.Min(p => p.X), polygon.Max(p => p.X), polygon.Min(p => p.Y), polygon.Max(p => p.Y));

    internal static float[] Prototypes()
    {
        var protos = new float[Masks * ProtoSize * ProtoSize];
        for (var y = 0; y < ProtoSize; y++)
        {
            for (var x = 0; x < ProtoSize; x++)
            {
                protos[(y * ProtoSize) + x] = x is >= 2 and <= 5 && y is >= 5 and <= 8 ? 10 : -10;
                protos[(ProtoSize * ProtoSize) + (y * ProtoSize) + x] = 10;
            }
        }

        return protos;
    }
}
