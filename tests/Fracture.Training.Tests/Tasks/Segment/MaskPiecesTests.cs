using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;
using Fracture.Training.Tasks.Segment;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Segment;

/// <summary>Mask targets and predicted masks on hand-worked grids.</summary>
public sealed class MaskPiecesTests
{
    [Fact]
    public void A_square_polygon_fills_its_cells_on_the_prototype_grid()
    {
        // Pixels 8..24 at a quarter scale: cells 2..6, a 4x4 block.
        var square = new PixelInstance(0, new PixelBox(8, 8, 24, 24), [new(8, 8), new(24, 8), new(24, 24), new(8, 24)]);

        var mask = InstanceMasks.Rasterize(square, 8, 8, 0.25);

        Assert.Equal(16, mask.PixelCount);
        Assert.True(mask[2, 2] && mask[5, 5]);
        Assert.False(mask[1, 2] || mask[6, 5]);
    }

    [Fact]
    public void A_polygon_thinner_than_a_cell_gets_the_cell_under_its_centre()
    {
        // A 1-pixel-wide sliver at x 13..14 covers no cell centre at a quarter scale (centres at 2, 6, 10, 14 px).
        var sliver = new PixelInstance(0, new PixelBox(13, 4, 14, 28), [new(13, 4), new(14, 4), new(14, 28), new(13, 28)]);

        var mask = InstanceMasks.Rasterize(sliver, 8, 8, 0.25);

        Assert.Equal(1, mask.PixelCount);
        Assert.True(mask[3, 4]);
    }

    [Fact]
    public void A_box_without_a_polygon_is_filled_as_its_rectangle()
    {
        var box = new PixelInstance(0, new PixelBox(2, 3, 6, 5), null);

        var mask = InstanceMasks.Rasterize(box, 10, 10, 1);

        Assert.Equal(8, mask.PixelCount);
    }

    [Fact]
    public void A_predicted_mask_is_the_box_when_every_prototype_cell_says_yes()
    {
        // 16x16 input, 4x4 grid, sigmoid(10) everywhere; box 4..12: cells 1..2 kept, upsampled bilinearly. The box's edge
        // pixels (centres 4.5 and 11.5) sample 0.625 of a kept cell along one axis (on, > 0.5), its corner pixels
        // 0.625 along both, 0.39 (off): the 8x8 pixels of the box but its 4 corners.
        using var coefficients = tensor(new float[] { 10 }, [1, 1]);
        using var prototypes = ones([1, 4, 4]);
        using var boxes = tensor(new float[] { 4, 4, 12, 12 }, [1, 4]);

        var pixels = SegmentEvaluator.MaskPixels(coefficients, prototypes, boxes, 16);

        Assert.Equal(60, pixels.Count(p => p != 0));
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                var corner = x is 4 or 11 && y is 4 or 11;
                Assert.True((x is >= 4 and < 12 && y is >= 4 and < 12 && !corner) == (pixels[(y * 16) + x] != 0), $"({x}, {y})");
            }
        }
    }

    [Fact]
    public void A_predicted_mask_keeps_only_its_box_even_where_the_prototypes_say_yes_outside()
    {
        // Two detections share the prototypes. The first box is the whole input (all 256 on: samples beyond the grid
        // clamp to its edge). The second holds the upper-left 8x4 pixels: cells x 0..1, y 0; its bottom-right pixel
        // (7, 3) samples 0.625 x 0.625 of a kept cell (off), the rest of its edge at least 0.547 (on): 31 pixels.
        using var coefficients = tensor(new float[] { 10, 10 }, [2, 1]);
        using var prototypes = ones([1, 4, 4]);
        using var boxes = tensor(new float[] { 0, 0, 16, 16, 0, 0, 8, 4 }, [2, 4]);

        var pixels = SegmentEvaluator.MaskPixels(coefficients, prototypes, boxes, 16);

        Assert.Equal(256, pixels.AsSpan(0, 256).ToArray().Count(p => p != 0));
        Assert.Equal(31, pixels.AsSpan(256, 256).ToArray().Count(p => p != 0));
        Assert.Equal(0, pixels[256 + (3 * 16) + 7]);
    }
}
