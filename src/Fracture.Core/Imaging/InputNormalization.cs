namespace Fracture.Core.Imaging;

/// <summary>
/// What a network expects as input, so training, export and inference build identical tensors: three planes in
/// <see cref="ChannelOrder"/>, each value <c>(pixel * Scale - Mean[c]) / Std[c]</c> for 8-bit pixels. Mean and Std
/// are given in the network's channel order (index 0 is the first plane of the tensor). Pure managed code so the
/// inference side can use it without TorchSharp.
/// </summary>
public sealed record InputNormalization
{
    /// <summary>Planes in every tensor this class writes; grey inputs are replicated.</summary>
    public const int Channels = 3;

    // Per channel, the normalised value of every byte: Fill is then a table lookup, and each value is computed
    // once, in double precision and rounded once, whatever the loop or the platform.
    private readonly float[] _table;
    private readonly float[] _mean;
    private readonly float[] _std;

    public InputNormalization(ChannelOrder channelOrder, float scale, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (!Enum.IsDefined(channelOrder))
        {
            throw new ArgumentOutOfRangeException(nameof(channelOrder), channelOrder, "unknown channel order");
        }

        if (!float.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be a positive finite number");
        }

        if (mean.Length != Channels || std.Length != Channels)
        {
            throw new ArgumentException($"mean and std need {Channels} values each, got {mean.Length} and {std.Length}");
        }

        foreach (var s in std)
        {
            if (!float.IsFinite(s) || s <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(std), s, "every std must be a positive finite number");
            }
        }

        foreach (var m in mean)
        {
            if (!float.IsFinite(m))
            {
                throw new ArgumentOutOfRangeException(nameof(mean), m, "every mean must be finite");
            }
        }

        ChannelOrder = channelOrder;
        Scale = scale;
        _mean = mean.ToArray();
        _std = std.ToArray();
        _table = new float[Channels * 256];
        for (var c = 0; c < Channels; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                _table[(c * 256) + v] = (float)(((v * (double)scale) - _mean[c]) / _std[c]);
            }
        }
    }

    /// <summary>
    /// ML.NET's DnnImageFeaturizer ResNet18 (CNTK): BGR, 0..255, minus a mean, no division. The file subtracts a
    /// per-pixel 224x224 mean image (first initializer of ResNetPreprocess.onnx); these are that image's channel
    /// averages, measured from the file (103.0626, 115.9029, 123.1516), so any input size can be normalised.
    /// </summary>
    public static InputNormalization DnnImageFeaturizer { get; } =
        new(ChannelOrder.Bgr, 1f, [103.06f, 115.90f, 123.15f], [1f, 1f, 1f]);

    /// <summary>torchvision's ImageNet convention (used for networks trained from scratch here): RGB, 0..1, mean/std per channel.</summary>
    public static InputNormalization ImageNetRgb { get; } =
        new(ChannelOrder.Rgb, 1f / 255f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    public ChannelOrder ChannelOrder { get; }

    /// <summary>Multiplier applied to the 0..255 byte before the mean is subtracted: 1 for 0..255, 1/255 for 0..1.</summary>
    public float Scale { get; }

    /// <summary>Per-plane means in the network's channel order.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>Per-plane standard deviations in the network's channel order.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <summary>The normalised value of byte <paramref name="value"/> in tensor plane <paramref name="plane"/>.</summary>
    public float Normalize(int plane, byte value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(plane, Channels);
        return _table[(plane * 256) + value];
    }

    /// <summary>Floats one image of this size takes in a tensor (3 x height x width).</summary>
    public static int TensorLength(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return checked(Channels * width * height);
    }

    /// <summary>
    /// Writes one image as normalised CHW floats (3 planes of height x width) into the start of
    /// <paramref name="destination"/>, e.g. one slot of a batch buffer.
    /// </summary>
    /// <param name="pixels">Interleaved 8-bit pixels, row-major without padding: R, G, B when
    /// <paramref name="channels"/> is 3 (as <see cref="DecodedImage"/> holds them), grey when 1 (replicated to all planes).</param>
    public void Fill(Span<float> destination, ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "pixels must have 1 (grey) or 3 (RGB) channels");
        }

        var plane = TensorLength(width, height) / Channels;
        if (pixels.Length != plane * channels)
        {
            throw new ArgumentException($"{width}x{height} with {channels} channel(s) needs {plane * channels} bytes, got {pixels.Length}", nameof(pixels));
        }

        if (destination.Length < plane * Channels)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats, {plane * Channels} needed", nameof(destination));
        }

        for (var p = 0; p < Channels; p++)
        {
            // Which interleaved RGB byte feeds tensor plane p.
            var source = channels == 1 ? 0 : ChannelOrder == ChannelOrder.Rgb ? p : 2 - p;
            var table = _table.AsSpan(p * 256, 256);
            var target = destination.Slice(p * plane, plane);
            for (int i = 0, s = source; i < plane; i++, s += channels)
            {
                target[i] = table[pixels[s]];
            }
        }
    }

    /// <summary>Writes <paramref name="image"/> as normalised CHW floats (see the other overload).</summary>
    public void Fill(Span<float> destination, DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Fill(destination, image.Pixels, image.Width, image.Height, image.Channels);
    }

    /// <summary>A new array holding <paramref name="image"/> as normalised CHW floats.</summary>
    public float[] ToArray(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new float[TensorLength(image.Width, image.Height)];
        Fill(result, image);
        return result;
    }

    // Value equality over the numbers (the compiler's version would compare the arrays by reference).
    public bool Equals(InputNormalization? other) =>
        other is not null
        && ChannelOrder == other.ChannelOrder
        && Scale.Equals(other.Scale)
        && _mean.AsSpan().SequenceEqual(other._mean)
        && _std.AsSpan().SequenceEqual(other._std);

    public override int GetHashCode() =>
        HashCode.Combine(ChannelOrder, Scale, _mean[0], _mean[1], _mean[2], _std[0], _std[1], _std[2]);

    public override string ToString() =>
        $"{ChannelOrder}, scale {Scale:G6}, mean [{string.Join(", ", _mean.Select(m => m.ToString("G6")))}], std [{string.Join(", ", _std.Select(s => s.ToString("G6")))}]";
}
