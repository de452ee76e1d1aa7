using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// A real predictor that holds every call at a gate until the test opens it, and tells the test when a call has
/// arrived: makes "the server is busy" deterministic, with no sleeps. With <paramref name="stopsWhenCancelled"/> a
/// held call also ends when its cancellation token fires, as a real model run does (its terminate flag); without,
/// it stands for a call that ignores cancellation.
/// </summary>
internal sealed class GatedPredictor(IPredictor inner, bool stopsWhenCancelled = false) : IPredictor
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly ManualResetEventSlim _gate = new(false);
    private readonly SemaphoreSlim _arrived = new(0);

    private int _calls;

    public ModelMetadata Metadata => inner.Metadata;

    /// <summary>Calls that have reached the gate so far (held or let through).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Waits until a call has reached the gate (one per call).</summary>
    public async Task WaitForCallAsync()
    {
        if (!await _arrived.WaitAsync(Patience))
        {
            throw new TimeoutException("no prediction reached the gate");
        }
    }

    public void Open() => _gate.Set();

    public ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref _calls);
        _arrived.Release();
        if (!_gate.Wait(Patience, stopsWhenCancelled ? cancellation : CancellationToken.None))
        {
            throw new TimeoutException("the test never opened the gate");
        }

        return inner.Predict(image, settings, cancellation);
    }

    public IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null, CancellationToken cancellation = default) =>
        [.. images.Select(i => Predict(i, settings, cancellation))];

    public void Dispose()
    {
        // The inner predictor is shared by other tests; only the gate is ours.
        _gate.Dispose();
        _arrived.Dispose();
    }
}
