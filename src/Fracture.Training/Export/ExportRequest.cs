namespace Fracture.Training.Export;

/// <summary>What `fracture export` asks for.</summary>
public sealed record ExportRequest
{
    /// <summary>A checkpoint file, a run folder (its best checkpoint), or RUN/best and RUN/last.</summary>
    public required string Weights { get; init; }

    /// <summary>The .onnx file to write (atomically; its folder is created).</summary>
    public required string Output { get; init; }

    public WeightPrecision Precision { get; init; } = WeightPrecision.Fp16;

    /// <summary>Classifier only: the graph averages each image's probabilities with its mirror image's.</summary>
    public bool FlipAverage { get; init; }

    /// <summary>Operating threshold written to the metadata (fracture probability or box confidence), 0..1.</summary>
    public double? Threshold { get; init; }

    /// <summary>Input side written to the metadata; the run's image size when null.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Source commit written to the metadata (see <see cref="GitCommit"/>); left out when null.</summary>
    public string? Commit { get; init; }
}
