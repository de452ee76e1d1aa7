namespace Fracture.Core.Augmentation;

/// <summary>
/// Random augmentation ranges for X-ray training, applied by <see cref="Augmenter"/>. Every range is symmetric
/// about "no change"; a value of 0 switches that step off. The defaults are mild, X-ray-safe settings
/// (small rotations and zooms, no colour work); <see cref="None"/> switches everything off.
/// Values are checked when set (also in <c>with</c> expressions), so an instance is always valid.
/// </summary>
public sealed record AugmentationOptions
{
    private readonly double _flipHorizontal = 0.5;
    private readonly double _degrees = 10;
    private readonly double _scale = 0.1;
    private readonly double _translate = 0.1;
    private readonly double _brightness = 0.2;
    private readonly double _contrast = 0.2;
    private readonly double _gamma = 0.2;
    private readonly double _claheProbability;
    private readonly double _claheClipLimit = 2.0;
    private readonly int _claheTiles = 8;
    private readonly double _mosaicProbability;

    /// <summary>The defaults listed on each property.</summary>
    public static AugmentationOptions Default { get; } = new();

    /// <summary>No augmentation at all: <see cref="Augmenter"/> returns its input unchanged.</summary>
    public static AugmentationOptions None { get; } = new()
    {
        FlipHorizontal = 0,
        Degrees = 0,
        Scale = 0,
        Translate = 0,
        Brightness = 0,
        Contrast = 0,
        Gamma = 0,
        ClaheProbability = 0,
    };

    /// <summary>Probability of a left-right mirror, in [0, 1]. Default 0.5.</summary>
    public double FlipHorizontal
    {
        get => _flipHorizontal;
        init => _flipHorizontal = InRange(value, 0, 1, nameof(FlipHorizontal), "a probability");
    }

    /// <summary>Largest absolute rotation in degrees, in [0, 180]; the angle is uniform in [-Degrees, Degrees]. Default 10.</summary>
    public double Degrees
    {
        get => _degrees;
        init => _degrees = InRange(value, 0, 180, nameof(Degrees), "the largest absolute rotation in degrees");
    }

    /// <summary>Zoom range, in [0, 1): the factor is uniform in [1 - Scale, 1 + Scale]. Default 0.1.</summary>
    public double Scale
    {
        get => _scale;
        init => _scale = InRangeOpen(value, 0, 1, nameof(Scale), "the zoom range (factor 1 ± Scale must stay positive)");
    }

    /// <summary>Shift range as a fraction of the side, in [0, 1]: each axis moves uniformly by ±Translate × side. Default 0.1.</summary>
    public double Translate
    {
        get => _translate;
        init => _translate = InRange(value, 0, 1, nameof(Translate), "a fraction of the image side");
    }

    /// <summary>Brightness range as a fraction of 255, in [0, 1]: the offset is uniform in ±Brightness × 255. Default 0.2.</summary>
    public double Brightness
    {
        get => _brightness;
        init => _brightness = InRange(value, 0, 1, nameof(Brightness), "a fraction of the full 0..255 range");
    }

    /// <summary>Contrast range, in [0, 1): the factor is uniform in [1 - Contrast, 1 + Contrast] around mid-grey. Default 0.2.</summary>
    public double Contrast
    {
        get => _contrast;
        init => _contrast = InRangeOpen(value, 0, 1, nameof(Contrast), "the contrast range (factor 1 ± Contrast must stay positive)");
    }

    /// <summary>Gamma range, in [0, 1): the exponent is uniform in [1 - Gamma, 1 + Gamma]. Default 0.2.</summary>
    public double Gamma
    {
        get => _gamma;
        init => _gamma = InRangeOpen(value, 0, 1, nameof(Gamma), "the gamma range (exponent 1 ± Gamma must stay positive)");
    }

    /// <summary>Probability of CLAHE after the other steps, in [0, 1]. Default 0 (off).</summary>
    public double ClaheProbability
    {
        get => _claheProbability;
        init => _claheProbability = InRange(value, 0, 1, nameof(ClaheProbability), "a probability");
    }

    /// <summary>CLAHE clip limit in multiples of the mean histogram bin, in [1, 256] (see <see cref="Clahe"/>). Default 2.</summary>
    public double ClaheClipLimit
    {
        get => _claheClipLimit;
        init => _claheClipLimit = InRange(value, 1, 256, nameof(ClaheClipLimit), "the clip limit in multiples of the mean bin count");
    }

    /// <summary>CLAHE grid: tiles per side, in [1, 64]. Default 8.</summary>
    public int ClaheTiles
    {
        get => _claheTiles;
        init => _claheTiles = value is >= 1 and <= 64
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ClaheTiles), value, $"{nameof(ClaheTiles)} is the number of tiles per side and must be in [1, 64].");
    }

    /// <summary>
    /// Probability, in [0, 1], that a detector or segmenter sample is a four-image mosaic
    /// (<see cref="Augmenter.AugmentMosaic"/>) instead of one augmented image. Default 0 (off), so the classifier is
    /// unaffected. <see cref="Augmenter"/> never draws it: the data loader, which has the other three images, decides.
    /// </summary>
    public double MosaicProbability
    {
        get => _mosaicProbability;
        init => _mosaicProbability = InRange(value, 0, 1, nameof(MosaicProbability), "a probability");
    }

    /// <summary>Grey level of the area a rotation, zoom-out or shift uncovers. Default 114 (Ultralytics' pad grey).</summary>
    public byte PadValue { get; init; } = 114;

    /// <summary>True when no geometric step can fire (no flip, rotation, zoom or shift).</summary>
    public bool IsGeometricIdentity => FlipHorizontal == 0 && Degrees == 0 && Scale == 0 && Translate == 0;

    /// <summary>True when no grey-level step can fire (brightness, contrast, gamma).</summary>
    public bool IsPhotometricIdentity => Brightness == 0 && Contrast == 0 && Gamma == 0;

    private static double InRange(double value, double min, double max, string name, string meaning) =>
        value >= min && value <= max // false for NaN
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} is {meaning} and must be in [{min}, {max}].");

    private static double InRangeOpen(double value, double min, double max, string name, string meaning) =>
        value >= min && value < max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} is {meaning} and must be in [{min}, {max}).");
}
