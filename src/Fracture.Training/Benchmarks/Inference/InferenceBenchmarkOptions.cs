using Fracture.Core;

namespace Fracture.Training.Benchmarks.Inference;

/// <summary>What `fracture bench infer` measures: one exported model against the checkpoint it came from.</summary>
/// <param name="Model">The .onnx file, run by the ONNX Runtime predictor.</param>
/// <param name="Weights">
/// Its checkpoint (a file, a run folder, RUN/best or RUN/last), run by TorchSharp; null times ONNX Runtime alone (an
/// Ultralytics export has no checkpoint here).
/// </param>
/// <param name="Images">Image files read into memory once; each timed call decodes its image(s) from those bytes.</param>
/// <param name="Warmup">Untimed rounds first (every measurement on both engines).</param>
/// <param name="Iterations">Timed rounds: each times every measurement once on each engine, alternating which goes first.</param>
/// <param name="Threads">Intra-op threads of both engines (ONNX Runtime's pool, torch.set_num_threads).</param>
/// <param name="Batch">Images per call for the throughput figures.</param>
/// <param name="SettleMs">
/// Idle milliseconds before every timed call. After libtorch's last parallel region its OpenMP workers (libgomp) spin
/// up to 300,000 times, milliseconds, before they sleep (ONNX Runtime's pool stops spinning when its run ends): without
/// the pause that spinning would take one of the cores from whichever call comes next, the other engine's included.
/// Every call thus starts from idle threads, as a server's first request after a quiet spell does.
/// </param>
public sealed record InferenceBenchmarkOptions(
    string Model,
    string? Weights,
    IReadOnlyList<string> Images,
    int Warmup = 3,
    int Iterations = 50,
    int Threads = 2,
    int Batch = 8,
    int SettleMs = 30)
{
    /// <summary>Rejects settings the benchmark cannot run with (a one-line error instead of a crash mid-run).</summary>
    public void Validate()
    {
        Check(!string.IsNullOrWhiteSpace(Model), "a model file is needed");
        Check(Weights is null || !string.IsNullOrWhiteSpace(Weights), "the checkpoint path is empty");
        Check(Images is { Count: > 0 }, "no images given");
        Check(Warmup >= 0, "warm-up rounds must be >= 0");
        Check(Iterations >= 1, "iterations must be at least 1");
        Check(Threads >= 1, "threads must be at least 1");
        Check(Batch is >= 1 and <= 16, "the batch must be 1..16");
        Check(SettleMs is >= 0 and <= 10_000, "the settle time must be 0..10000 ms");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new FractureException(message);
        }
    }
}
