using System.Globalization;
using System.Threading.RateLimiting;
using Fracture.Server.Errors;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Microsoft.Extensions.Options;

namespace Fracture.Server.Hosting;

/// <summary>
/// How much model work the server takes on: <see cref="ServerOptions.MaxConcurrentPredictions"/> slots with a
/// first-in first-out queue of <see cref="ServerOptions.QueueLimit"/> (one more: 429), and a deadline of
/// <see cref="ServerOptions.RequestTimeoutSeconds"/> from the request's start, reading the upload and queueing
/// included (504). Both answer with ProblemDetails.
/// <para>The slot is held by the work, not by the request: it is taken once the upload is read (a slow upload holds
/// none) and released when the work really ends. A request that times out while a model runs answers 504 at once;
/// the deadline's token stops the model at its next operator, and the slot stays busy until it has, so the next
/// request never runs beside it (ASP.NET Core's limiter and timeout middleware would free the slot with the request).</para>
/// <para>The deadline runs on the server's <see cref="TimeProvider"/>: a test moves a fake clock past it instead of racing a real one.</para>
/// </summary>
public sealed class PredictionLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _slots;
    private readonly double _timeoutSeconds;
    private readonly TimeProvider _time;

    public PredictionLimiter(IOptions<ServerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var settings = options.Value;
        _timeoutSeconds = settings.RequestTimeoutSeconds;
        _time = time;
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrentPredictions,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Runs <paramref name="request"/> under the request deadline, which cancels the token it is given; a deadline
    /// that passes becomes 504, a client that went away stays a cancellation.
    /// </summary>
    /// <exception cref="RequestProblemException">504 when the deadline passed.</exception>
    public async Task<T> WithinDeadlineAsync<T>(Func<CancellationToken, Task<T>> request, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(_timeoutSeconds), _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, timer.Token);
        try
        {
            return await request(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            throw new RequestProblemException(
                StatusCodes.Status504GatewayTimeout,
                "Timed out",
                string.Create(CultureInfo.InvariantCulture, $"the request did not finish within {_timeoutSeconds:0.###} s (reading the upload and waiting for a free prediction slot included)"));
        }
    }

    /// <summary>
    /// Waits for a slot (429 when the queue is full), runs <paramref name="work"/> on the thread pool holding it, and
    /// returns its result; when <paramref name="cancellationToken"/> fires first the wait ends at once (the work sees
    /// it through its <see cref="PredictionCommit"/>), unless the work has already committed its result: then that
    /// result is the answer.
    /// </summary>
    /// <exception cref="RequestProblemException">429 when every slot is busy and the queue is full.</exception>
    /// <exception cref="OperationCanceledException">The request gave up first.</exception>
    public async Task<T> RunAsync<T>(Func<PredictionCommit, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = await _slots.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new RequestProblemException(StatusCodes.Status429TooManyRequests, "Too many requests", "the prediction queue is full; try again shortly");
        }

        var commit = new PredictionCommit(cancellationToken);

        // Started unconditionally (no token): the work itself releases the slot, so it must run to its end.
        var running = Task.Run(
            () =>
            {
                using (lease)
                {
                    return work(commit);
                }
            },
            CancellationToken.None);
        try
        {
            return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (commit.TryAbandon())
            {
                // Nobody waits for the work any more; its end (usually the cancellation it sees) is not an error.
                _ = running.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                throw;
            }

            // Committed before the request gave up: it is storing this request's answer (milliseconds), so wait for it.
            return await running.ConfigureAwait(false);
        }
    }

    public void Dispose() => _slots.Dispose();
}
