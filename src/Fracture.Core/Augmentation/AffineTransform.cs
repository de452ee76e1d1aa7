using Fracture.Core.Geometry;

namespace Fracture.Core.Augmentation;

/// <summary>
/// A 2x3 affine map in continuous pixel coordinates (0 at an image's left/top edge, Width/Height at the right/bottom
/// edge, pixel (x, y) centred at (x + 0.5, y + 0.5), as <see cref="PixelBox"/>):
/// x' = M11 x + M12 y + M13, y' = M21 x + M22 y + M23 (OpenCV's 2x3 layout).
/// Angles are in degrees, positive counter-clockwise as seen on screen (y points down), as in OpenCV.
/// Note that <c>default(AffineTransform)</c> is the zero map, not <see cref="Identity"/>.
/// </summary>
public readonly record struct AffineTransform(double M11, double M12, double M13, double M21, double M22, double M23)
{
    public static AffineTransform Identity { get; } = new(1, 0, 0, 0, 1, 0);

    public bool IsIdentity => this == Identity;

    public double Determinant => (M11 * M22) - (M12 * M21);

    public static AffineTransform Translation(double dx, double dy) => new(1, 0, dx, 0, 1, dy);

    /// <summary>Uniform zoom by <paramref name="factor"/> about (<paramref name="centerX"/>, <paramref name="centerY"/>).</summary>
    public static AffineTransform Scaling(double factor, double centerX = 0, double centerY = 0) =>
        new(factor, 0, centerX * (1 - factor), 0, factor, centerY * (1 - factor));

    /// <summary>Rotation about (<paramref name="centerX"/>, <paramref name="centerY"/>); positive is counter-clockwise on screen.</summary>
    public static AffineTransform Rotation(double degrees, double centerX = 0, double centerY = 0)
    {
        var (sin, cos) = SinCosDegrees(degrees);
        return new(cos, sin, centerX - (cos * centerX) - (sin * centerY), -sin, cos, centerY + (sin * centerX) - (cos * centerY));
    }

    /// <summary>Left-right mirror of an image <paramref name="width"/> wide: x' = width - x, so pixel column x goes to width - 1 - x.</summary>
    public static AffineTransform HorizontalFlip(double width) => new(-1, 0, width, 0, 1, 0);

    /// <summary>
    /// A random transform of a width x height image for <paramref name="options"/>: mirror, rotation and zoom about the
    /// image centre, then a shift. Draws from <paramref name="rng"/> only for steps whose range is non-zero, in the
    /// order flip, angle, zoom, shift x, shift y, so a seed always gives the same transform.
    /// </summary>
    public static AffineTransform Random(AugmentationOptions options, int width, int height, Random rng) =>
        Random(options, width, height, width, height, rng);

    /// <summary>
    /// As <see cref="Random(AugmentationOptions, int, int, Random)"/> for an output of another size: mirror, rotation
    /// and zoom about the input's centre, which then lands on the output's centre plus the random shift (a fraction of
    /// the output side). A larger input is thus seen through an output-sized window placed at random around its
    /// centre, as Ultralytics' random_perspective does with a border. Same draws in the same order.
    /// </summary>
    public static AffineTransform Random(
        AugmentationOptions options, int inputWidth, int inputHeight, int outputWidth, int outputHeight, Random rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputHeight, 1);

        var flip = options.FlipHorizontal > 0 && rng.NextDouble() < options.FlipHorizontal;
        var degrees = Uniform(rng, options.Degrees);
        var factor = 1 + Uniform(rng, options.Scale);
        var dx = Uniform(rng, options.Translate) * outputWidth;
        var dy = Uniform(rng, options.Translate) * outputHeight;
        var sameSize = inputWidth == outputWidth && inputHeight == outputHeight;
        if (sameSize && !flip && degrees == 0 && factor == 1 && dx == 0 && dy == 0)
        {
            return Identity; // exactly, so callers can skip the warp
        }

        // About the origin: zoom, rotate, then mirror x; conjugated by the shifts between the centres, then the random shift.
        var (sin, cos) = SinCosDegrees(degrees);
        var mirror = flip ? -1.0 : 1.0;
        var linear = new AffineTransform(mirror * factor * cos, mirror * factor * sin, 0, -factor * sin, factor * cos, 0);
        var toOrigin = Translation(-inputWidth / 2.0, -inputHeight / 2.0);
        return Compose(Translation((outputWidth / 2.0) + dx, (outputHeight / 2.0) + dy), Compose(linear, toOrigin));
    }

    /// <summary>
    /// The random view of a <paramref name="canvasSize"/>-square mosaic canvas as an <paramref name="outputSize"/>-square
    /// image (Ultralytics' random_perspective with border -outputSize/2 after load_mosaic): the canvas centre, where the
    /// four tiles meet, lands near the output centre, so every tile can show. See
    /// <see cref="Random(AugmentationOptions, int, int, int, int, Random)"/>.
    /// </summary>
    public static AffineTransform RandomForMosaic(AugmentationOptions options, int canvasSize, int outputSize, Random rng) =>
        Random(options, canvasSize, canvasSize, outputSize, outputSize, rng);

    /// <summary>The map "<paramref name="inner"/> first, then <paramref name="outer"/>" (outer ∘ inner).</summary>
    public static AffineTransform Compose(AffineTransform outer, AffineTransform inner) => new(
        (outer.M11 * inner.M11) + (outer.M12 * inner.M21),
        (outer.M11 * inner.M12) + (outer.M12 * inner.M22),
        (outer.M11 * inner.M13) + (outer.M12 * inner.M23) + outer.M13,
        (outer.M21 * inner.M11) + (outer.M22 * inner.M21),
        (outer.M21 * inner.M12) + (outer.M22 * inner.M22),
        (outer.M21 * inner.M13) + (outer.M22 * inner.M23) + outer.M23);

    /// <summary>This map followed by <paramref name="next"/>.</summary>
    public AffineTransform Then(AffineTransform next) => Compose(next, this);

    /// <summary>The inverse map; throws when this one is singular or not finite.</summary>
    public AffineTransform Invert()
    {
        var det = Determinant;
        if (!double.IsFinite(det) || Math.Abs(det) < 1e-12 || !double.IsFinite(M13) || !double.IsFinite(M23))
        {
            throw new InvalidOperationException($"The affine transform {this} cannot be inverted (determinant {det}).");
        }

        var (a, b, c, d) = (M22 / det, -M12 / det, -M21 / det, M11 / det);
        return new(a, b, -((a * M13) + (b * M23)), c, d, -((c * M13) + (d * M23)));
    }

    public PixelPoint Apply(PixelPoint point) =>
        new((M11 * point.X) + (M12 * point.Y) + M13, (M21 * point.X) + (M22 * point.Y) + M23);

    /// <summary>The axis-aligned extent of the box's four transformed corners (not clipped).</summary>
    public PixelBox Apply(PixelBox box)
    {
        var a = Apply(new PixelPoint(box.X1, box.Y1));
        var b = Apply(new PixelPoint(box.X2, box.Y1));
        var c = Apply(new PixelPoint(box.X2, box.Y2));
        var d = Apply(new PixelPoint(box.X1, box.Y2));
        return new PixelBox(
            Math.Min(Math.Min(a.X, b.X), Math.Min(c.X, d.X)),
            Math.Min(Math.Min(a.Y, b.Y), Math.Min(c.Y, d.Y)),
            Math.Max(Math.Max(a.X, b.X), Math.Max(c.X, d.X)),
            Math.Max(Math.Max(a.Y, b.Y), Math.Max(c.Y, d.Y)));
    }

    private static double Uniform(Random rng, double range) => range == 0 ? 0 : ((rng.NextDouble() * 2) - 1) * range;

    /// <summary>Exact for multiples of 90 degrees, so quarter turns move pixels without resampling blur.</summary>
    private static (double Sin, double Cos) SinCosDegrees(double degrees)
    {
        var quarter = degrees / 90;
        if (quarter == Math.Round(quarter) && Math.Abs(quarter) < 1e9)
        {
            return ((((long)quarter % 4) + 4) % 4) switch
            {
                0 => (0.0, 1.0),
                1 => (1.0, 0.0),
                2 => (0.0, -1.0),
                _ => (-1.0, 0.0),
            };
        }

        return Math.SinCos(degrees * Math.PI / 180);
    }
}
