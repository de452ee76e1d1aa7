namespace Fracture.Training.Networks.Detection;

/// <summary>Shape of a <see cref="Detector"/>: classes, neck widths, distance bins. Saved with the run.</summary>
public sealed record DetectorOptions
{
    public required int Classes { get; init; }

    /// <summary>Channels of the neck's P3, P4, P5. The default is YOLOv8n's neck width.</summary>
    public (int P3, int P4, int P5) NeckWidths { get; init; } = (64, 128, 256);

    /// <summary>Bins of each side's distance distribution (YOLOv8: 16, so distances up to 15 strides).</summary>
    public int RegMax { get; init; } = 16;

    /// <summary>Pixels per cell of P3, P4, P5.</summary>
    public IReadOnlyList<int> Strides { get; init; } = [8, 16, 32];

    public void Validate()
    {
        if (Classes < 1 || RegMax < 1 || NeckWidths.P3 < 2 || NeckWidths.P4 < 2 || NeckWidths.P5 < 2 || Strides.Count != 3)
        {
            throw new Core.FractureException($"invalid detector shape: {this}");
        }
    }
}
