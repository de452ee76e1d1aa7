using Fracture.Server.Options;
using Fracture.Server.Predictions;

namespace Fracture.Server.Benchmarks;

/// <summary>What <see cref="PredictionLoadBenchmark"/> runs: which models on which image, at which loads.</summary>
/// <param name="ModelsDirectory">The folder of *.onnx models, loaded as the server loads it (<see cref="Models.ModelCatalog.Load"/>).</param>
/// <param name="ImagePath">The encoded image every call decodes (JPEG, PNG, TIFF or DICOM, as a request would upload it).</param>
public sealed record PredictionLoadOptions(string ModelsDirectory, string ImagePath)
{
    /// <summary>The request's task (the server's default is all; a detect request is the benchmark's).</summary>
    public PredictionTask Task { get; init; } = PredictionTask.Detect;

    /// <summary>The loads, one level per value, in order.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 4, 16];

    /// <summary>The modes, each at every load.</summary>
    public IReadOnlyList<PredictionLoadMode> Modes { get; init; } = [PredictionLoadMode.Predictor, PredictionLoadMode.Service];

    /// <summary>Unmeasured calls before each level.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The measured time of each level.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Threads inside each model operator, as the server's <c>IntraOpThreads</c> sets them; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; init; } = new ServerOptions().IntraOpThreads;

    /// <summary>Detectors and segmenters run with test-time mirror fusion, as the server's <c>FlipFusion</c> setting makes them.</summary>
    public bool FlipFusion { get; init; }

    /// <summary>Lowest finding confidence kept, as a request's <c>conf</c> (the server's default when a request has none; the web page sends 0.01).</summary>
    public double Confidence { get; init; } = new ServerOptions().DefaultConfidence;

    /// <summary>Overlap above which a box model's same-class boxes are suppressed, as the server's <c>Iou</c> setting sets it.</summary>
    public double Iou { get; init; } = new ServerOptions().Iou;

    /// <summary>The service mode's data folder (fracture.db, images/); null: a fresh temp folder, deleted afterwards.</summary>
    public string? DataDirectory { get; init; }

    /// <exception cref="LoadBenchmarkException">A value is out of range.</exception>
    internal void Validate()
    {
        if (Concurrency.Count == 0 || Concurrency.Any(c => c < 1))
        {
            throw new LoadBenchmarkException($"concurrency must be one or more whole numbers of at least 1 (was {string.Join(' ', Concurrency)})");
        }

        if (IntraOpThreads is < 0 or > ServerOptions.MaxIntraOpThreads)
        {
            throw new LoadBenchmarkException($"intra-op threads must be 0 (ONNX Runtime chooses) to {ServerOptions.MaxIntraOpThreads} (was {IntraOpThreads})");
        }

        if (!ServerOptions.IsConfidence(Confidence))
        {
            throw new LoadBenchmarkException($"the confidence must be between 0 and 1 (was {Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        if (!ServerOptions.IsIou(Iou))
        {
            throw new LoadBenchmarkException($"the suppression IoU must be above 0 and at most 1 (was {Iou.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        if (Modes.Count == 0)
        {
            throw new LoadBenchmarkException("give at least one mode (predictor, service)");
        }

        if (Warmup < TimeSpan.Zero || Duration <= TimeSpan.Zero)
        {
            throw new LoadBenchmarkException($"the warm-up must be 0 s or more and the duration more than 0 s (were {Warmup.TotalSeconds} s and {Duration.TotalSeconds} s)");
        }
    }
}
