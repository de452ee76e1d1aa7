namespace Fracture.Training.Networks;

/// <summary>How to build a <see cref="ResNet"/>.</summary>
public sealed record ResNetOptions
{
    public ResNetLayout Layout { get; init; } = ResNetLayout.TorchVision18;

    /// <summary>Outputs of the linear head; 0 builds no head (the network then returns its 512 pooled features).</summary>
    public int NumClasses { get; init; }

    /// <summary>Dropout probability applied to the pooled features before the head (0 = none).</summary>
    public double Dropout { get; init; }

    /// <summary>BatchNorm epsilon; pretrained weights must be used with the epsilon they were trained with.</summary>
    public double BatchNormEpsilon { get; init; } = 1e-5;

    /// <summary>BatchNorm running-statistics momentum in PyTorch's sense (weight of the new batch).</summary>
    public double BatchNormMomentum { get; init; } = 0.1;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Layout, nameof(Layout));
        foreach (var blocks in Layout.StageBlocks)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1, nameof(Layout));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(NumClasses, nameof(NumClasses));
        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "dropout must be in [0, 1)");
        }

        if (!(BatchNormEpsilon > 0 && double.IsFinite(BatchNormEpsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormEpsilon), BatchNormEpsilon, "epsilon must be positive");
        }

        if (!(BatchNormMomentum > 0 && BatchNormMomentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchNormMomentum), BatchNormMomentum, "momentum must be in (0, 1]");
        }
    }
}
