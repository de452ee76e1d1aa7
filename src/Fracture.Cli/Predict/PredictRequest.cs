using Fracture.Inference;

namespace Fracture.Cli.Predict;

/// <summary>Everything `fracture predict` was asked to do, checked (<see cref="Validate"/>) before any work.</summary>
internal sealed record PredictRequest
{
    public required string Model { get; init; }

    public required string Source { get; init; }

    public bool Recursive { get; init; }

    public PredictSettings Settings { get; init; } = new();

    public PredictorOptions PredictorOptions { get; init; } = new();

    public int Batch { get; init; } = 1;

    public string? SaveFolder { get; init; }

    public string? JsonPath { get; init; }

    public string? CsvPath { get; init; }

    /// <exception cref="PredictInputException">An option is out of range.</exception>
    public void Validate()
    {
        // Written as "not inside" so NaN fails too.
        if (Settings.Confidence is { } conf && !(conf >= 0 && conf <= 1))
        {
            throw new PredictInputException($"--conf must be in 0..1 (got {Settings.Confidence})");
        }

        if (!(Settings.Iou >= 0 && Settings.Iou <= 1))
        {
            throw new PredictInputException($"--iou must be in 0..1 (got {Settings.Iou})");
        }

        if (Settings.MaxDetections < 1 || Batch < 1)
        {
            throw new PredictInputException($"--max-det and --batch must be at least 1 (got {Settings.MaxDetections}, {Batch})");
        }

        if (PredictorOptions.IntraOpThreads < 0)
        {
            throw new PredictInputException($"--threads must be 0 (ONNX Runtime chooses) or more (got {PredictorOptions.IntraOpThreads})");
        }
    }
}
