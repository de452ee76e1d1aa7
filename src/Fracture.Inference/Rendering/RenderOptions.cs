namespace Fracture.Inference.Rendering;

/// <summary>How <see cref="PredictionRenderer"/> annotates an image.</summary>
public sealed record RenderOptions
{
    public static RenderOptions Default { get; } = new();

    /// <summary>The model's operating threshold on the fracture probability, shown in a classifier's banner when set.</summary>
    public double? Threshold { get; init; }

    /// <summary>Opacity (0..1) of the fill inside an outline; the outline itself is opaque.</summary>
    public double OutlineFillOpacity { get; init; } = 0.3;
}
