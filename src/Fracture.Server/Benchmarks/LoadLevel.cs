namespace Fracture.Server.Benchmarks;

/// <summary>
/// One load level of a benchmark: <see cref="Concurrency"/> workers calling back to back for the measured time.
/// Latencies are per call in milliseconds, percentiles by nearest rank; they are null when no call was measured.
/// </summary>
/// <param name="Mode">What each call does (see <see cref="PredictionLoadMode"/>), in lower case.</param>
/// <param name="WarmupRequests">Calls made before the measured window (not in any other figure).</param>
/// <param name="Requests">Calls that started in the measured window, failed ones included.</param>
/// <param name="Errors">Measured calls that threw.</param>
/// <param name="Seconds">From the end of the warm-up until the last measured call finished.</param>
/// <param name="FirstError">The first measured failure's type and message, or null.</param>
/// <param name="WorkingSetBytes">The process's resident memory right after the level (VmRSS), no collection forced.</param>
/// <param name="PeakWorkingSetBytes">Its peak resident memory so far (VmHWM).</param>
public sealed record LoadLevel(
    string Mode,
    int Concurrency,
    long WarmupRequests,
    long Requests,
    long Errors,
    double Seconds,
    double RequestsPerSecond,
    double? P50Ms,
    double? P99Ms,
    double? MaxMs,
    double? MeanMs,
    string? FirstError,
    long WorkingSetBytes,
    long PeakWorkingSetBytes);
