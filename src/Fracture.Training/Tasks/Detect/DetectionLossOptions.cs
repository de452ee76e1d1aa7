namespace Fracture.Training.Tasks.Detect;

/// <summary>How to build a <see cref="DetectionLoss"/>. The defaults are YOLOv8's.</summary>
public sealed record DetectionLossOptions
{
    /// <summary>Number of object classes (C).</summary>
    public required int Classes { get; init; }

    /// <summary>Bins of each side's distance distribution; distances reach RegMax - 1 strides.</summary>
    public int RegMax { get; init; } = 16;

    /// <summary>Stride of each output level, in the head's output order.</summary>
    public IReadOnlyList<int> Strides { get; init; } = DetectionAnchors.DefaultStrides;

    /// <summary>Weight of the CIoU box loss in the total.</summary>
    public double BoxGain { get; init; } = 7.5;

    /// <summary>Weight of the classification (BCE) loss in the total.</summary>
    public double ClassGain { get; init; } = 0.5;

    /// <summary>Weight of the distribution focal loss in the total.</summary>
    public double DflGain { get; init; } = 1.5;

    /// <summary>Channels of the head's raw output per anchor: 4 * RegMax distance logits, then C class logits.</summary>
    public int Channels => (4 * RegMax) + Classes;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Classes, 1, nameof(Classes));
        ArgumentOutOfRangeException.ThrowIfLessThan(RegMax, 2, nameof(RegMax));
        ArgumentNullException.ThrowIfNull(Strides, nameof(Strides));
        if (Strides.Count == 0 || Strides.Any(s => s < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Strides), "strides must be a non-empty list of positive numbers");
        }

        foreach (var (gain, name) in new[] { (BoxGain, nameof(BoxGain)), (ClassGain, nameof(ClassGain)), (DflGain, nameof(DflGain)) })
        {
            if (!(gain >= 0 && double.IsFinite(gain)))
            {
                throw new ArgumentOutOfRangeException(name, gain, "a loss gain must be a finite non-negative number");
            }
        }
    }
}
