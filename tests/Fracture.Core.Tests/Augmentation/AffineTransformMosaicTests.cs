using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Augmentation;

public class AffineTransformMosaicTests
{
    [Fact]
    public void Without_geometric_steps_the_view_is_the_canvas_centre()
    {
        var rng = new Random(1);
        var before = rng.Next();
        rng = new Random(1);

        // A 640 canvas seen as 320: the middle 320 x 320, i.e. a shift by -160.
        Assert.Equal(AffineTransform.Translation(-160, -160), AffineTransform.RandomForMosaic(AugmentationOptions.None, 640, 320, rng));
        Assert.Equal(before, rng.Next()); // nothing was drawn
    }

    [Fact]
    public void Certain_flip_mirrors_about_the_canvas_centre()
    {
        var t = AffineTransform.RandomForMosaic(AugmentationOptions.None with { FlipHorizontal = 1 }, 640, 320, new Random(0));

        // (330, 300) is 10 right of and 20 above the canvas centre (320, 320): 10 left of, 20 above the output centre (160, 160).
        Assert.Equal(new PixelPoint(150, 140), t.Apply(new PixelPoint(330, 300)));
    }

    [Fact]
    public void Canvas_centre_lands_within_the_shift_range_of_the_output_centre()
    {
        var options = AugmentationOptions.None with { Degrees = 10, Scale = 0.5, Translate = 0.1 };
        var rng = new Random(11);
        var shifts = new List<double>();
        for (var n = 0; n < 200; n++)
        {
            var t = AffineTransform.RandomForMosaic(options, 640, 320, rng);
            var centre = t.Apply(new PixelPoint(320, 320));
            var zoom = Math.Sqrt(t.Determinant);
            var angle = Math.Atan2(t.M12, t.M11) * 180 / Math.PI;

            Assert.InRange(centre.X, 160 - 32, 160 + 32); // 0.1 of the output side, not of the canvas
            Assert.InRange(centre.Y, 160 - 32, 160 + 32);
            Assert.InRange(zoom, 0.5, 1.5);
            Assert.InRange(angle, -10, 10);
            shifts.Add(centre.X - 160);
        }

        Assert.True(shifts.Min() < -25 && shifts.Max() > 25, "the shift should use its whole range");
    }

    [Fact]
    public void Equal_sizes_give_the_same_transform_as_the_mosaic_free_overload()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var a = AffineTransform.Random(AugmentationOptions.Default, 96, 96, new Random(seed));
            var b = AffineTransform.RandomForMosaic(AugmentationOptions.Default, 96, 96, new Random(seed));
            var c = AffineTransform.Random(AugmentationOptions.Default, 96, 64, 96, 64, new Random(seed));

            Assert.Equal(a, b);
            Assert.Equal(AffineTransform.Random(AugmentationOptions.Default, 96, 64, new Random(seed)), c);
        }
    }
}
