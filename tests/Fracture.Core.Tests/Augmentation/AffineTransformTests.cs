using Fracture.Core.Augmentation;
using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Augmentation;

public class AffineTransformTests
{
    [Fact]
    public void Horizontal_flip_maps_pixel_columns_and_boxes()
    {
        var flip = AffineTransform.HorizontalFlip(100);

        // Pixel (x, y) has its centre at (x + 0.5, y + 0.5); it must land on the centre of (W - 1 - x, y).
        Assert.Equal(new PixelPoint(99 - 7 + 0.5, 3.5), flip.Apply(new PixelPoint(7.5, 3.5)));
        Assert.Equal(new PixelBox(70, 20, 90, 40), flip.Apply(new PixelBox(10, 20, 30, 40)));
    }

    [Fact]
    public void Compose_applies_the_inner_transform_first()
    {
        var scaleThenShift = AffineTransform.Compose(AffineTransform.Translation(5, 0), AffineTransform.Scaling(2));

        Assert.Equal(new PixelPoint(7, 2), scaleThenShift.Apply(new PixelPoint(1, 1)));
        Assert.Equal(scaleThenShift, AffineTransform.Scaling(2).Then(AffineTransform.Translation(5, 0)));
    }

    [Fact]
    public void Positive_angles_turn_counter_clockwise_on_screen()
    {
        // y points down, so "up" is -y: a quarter turn takes the +x direction to -y.
        var quarter = AffineTransform.Rotation(90);

        Assert.Equal(new PixelPoint(0, -1), quarter.Apply(new PixelPoint(1, 0)));
        Assert.Equal(new PixelPoint(1, 0), quarter.Apply(new PixelPoint(0, 1)));
        Assert.Equal(new PixelPoint(10, 20), AffineTransform.Rotation(33, 10, 20).Apply(new PixelPoint(10, 20)));
        Assert.Equal(new PixelPoint(10, 20), AffineTransform.Scaling(1.7, 10, 20).Apply(new PixelPoint(10, 20)));
    }

    [Fact]
    public void Invert_of_a_composition_round_trips_points()
    {
        var rng = new Random(7);
        for (var n = 0; n < 50; n++)
        {
            var a = AffineTransform.Rotation((rng.NextDouble() * 360) - 180, rng.NextDouble() * 640, rng.NextDouble() * 480);
            var b = AffineTransform.Scaling(0.5 + rng.NextDouble(), rng.NextDouble() * 640, 0).Then(AffineTransform.HorizontalFlip(640));
            var c = AffineTransform.Translation((rng.NextDouble() * 200) - 100, (rng.NextDouble() * 200) - 100);
            var composed = AffineTransform.Compose(c, AffineTransform.Compose(b, a));
            var inverse = composed.Invert();
            var p = new PixelPoint(rng.NextDouble() * 640, rng.NextDouble() * 480);

            var back = inverse.Apply(composed.Apply(p));

            Assert.Equal(p.X, back.X, 1e-9);
            Assert.Equal(p.Y, back.Y, 1e-9);
            var identity = AffineTransform.Compose(inverse, composed);
            Assert.Equal(1, identity.M11, 1e-12);
            Assert.Equal(0, identity.M12, 1e-12);
            Assert.Equal(0, identity.M13, 1e-9);
        }
    }

    [Fact]
    public void Singular_transforms_cannot_be_inverted()
    {
        Assert.Throws<InvalidOperationException>(() => AffineTransform.Scaling(0).Invert());
        Assert.Throws<InvalidOperationException>(() => default(AffineTransform).Invert());
    }

    [Fact]
    public void Quarter_turns_are_exact()
    {
        Assert.Equal(new AffineTransform(0, 1, 0, -1, 0, 0), AffineTransform.Rotation(90));
        Assert.Equal(new AffineTransform(-1, 0, 0, 0, -1, 0), AffineTransform.Rotation(-180));
        Assert.Equal(new AffineTransform(0, -1, 0, 1, 0, 0), AffineTransform.Rotation(270));
    }

    [Fact]
    public void Random_is_the_identity_when_no_geometric_step_is_on()
    {
        var rng = new Random(1);
        var before = rng.Next();
        rng = new Random(1);

        Assert.True(AffineTransform.Random(AugmentationOptions.None, 64, 48, rng).IsIdentity);
        Assert.Equal(before, rng.Next()); // nothing was drawn
    }

    [Fact]
    public void Random_with_certain_flip_only_is_the_mirror()
    {
        var options = AugmentationOptions.None with { FlipHorizontal = 1 };

        Assert.Equal(AffineTransform.HorizontalFlip(64), AffineTransform.Random(options, 64, 48, new Random(3)));
    }

    [Fact]
    public void Random_rotates_and_zooms_about_the_centre_and_stays_in_range()
    {
        var options = AugmentationOptions.None with { Degrees = 10, Scale = 0.1 };
        var rng = new Random(11);
        for (var n = 0; n < 100; n++)
        {
            var t = AffineTransform.Random(options, 64, 48, rng);
            var centre = t.Apply(new PixelPoint(32, 24));
            var zoom = Math.Sqrt(t.Determinant);
            var angle = Math.Atan2(t.M12, t.M11) * 180 / Math.PI;

            Assert.Equal(32, centre.X, 1e-9);
            Assert.Equal(24, centre.Y, 1e-9);
            Assert.InRange(zoom, 0.9, 1.1);
            Assert.InRange(angle, -10, 10);
        }
    }

    [Fact]
    public void Random_shift_is_a_fraction_of_each_side()
    {
        var options = AugmentationOptions.None with { Translate = 0.25 };
        var rng = new Random(5);
        for (var n = 0; n < 100; n++)
        {
            var t = AffineTransform.Random(options, 200, 40, rng);

            Assert.Equal(1, t.M11);
            Assert.Equal(1, t.M22);
            Assert.InRange(t.M13, -50, 50);
            Assert.InRange(t.M23, -10, 10);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_transform()
    {
        var a = AffineTransform.Random(AugmentationOptions.Default, 640, 480, new Random(42));
        var b = AffineTransform.Random(AugmentationOptions.Default, 640, 480, new Random(42));
        var c = AffineTransform.Random(AugmentationOptions.Default, 640, 480, new Random(43));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
