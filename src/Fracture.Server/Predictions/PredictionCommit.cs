namespace Fracture.Server.Predictions;

/// <summary>
/// The one decision between a prediction's work and the request waiting for it: the work stores its result only
/// when it commits before the request gives up (timeout, client gone); a request that gave up first answers 504 and
/// its work stores nothing. Whichever comes first wins, atomically, so a 504 never leaves a stored prediction and a
/// stored prediction is always the request's answer.
/// </summary>
public sealed class PredictionCommit(CancellationToken cancellationToken)
{
    private const int Running = 0;
    private const int Committed = 1;
    private const int Abandoned = 2;
    private int _state;

    /// <summary>Cancelled when the request times out or its client goes; the work checks it between steps.</summary>
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>For the work, right before storing: true when the request still waits and will answer with this result.</summary>
    public bool TryCommit() =>
        !cancellationToken.IsCancellationRequested && Interlocked.CompareExchange(ref _state, Committed, Running) == Running;

    /// <summary>For the request, when it gives up: true when the work has not committed (and now never will).</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Running) != Committed;
}
