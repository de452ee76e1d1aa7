using System.Net;
using Fracture.Server.Errors;
using Fracture.Server.Hosting;
using Fracture.Server.Options;
using Fracture.Server.Predictions;

namespace Fracture.Server.Tests;

/// <summary>
/// The limiter's slots belong to the work, not to the request, and a result is stored only when its request still
/// waits for it (<see cref="PredictionCommit"/>): made deterministic with events the work waits on, never with sleeps.
/// </summary>
public sealed class PredictionLimiterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_commit_goes_to_whichever_of_work_and_request_comes_first()
    {
        var abandoned = new PredictionCommit(CancellationToken.None);
        Assert.True(abandoned.TryAbandon());
        Assert.False(abandoned.TryCommit());

        var committed = new PredictionCommit(CancellationToken.None);
        Assert.True(committed.TryCommit());
        Assert.False(committed.TryAbandon());

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.False(new PredictionCommit(cancelled.Token).TryCommit());
    }

    [Fact]
    public async Task A_request_that_gives_up_returns_at_once_but_the_slot_stays_taken_until_the_work_ends()
    {
        using var limiter = Limiter(slots: 1, queue: 1);
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        using var first = new CancellationTokenSource();
        var stored = false;
        var running = limiter.RunAsync(
            commit =>
            {
                started.Set();
                release.Wait(Patience);
                stored = commit.TryCommit();
                return 1;
            },
            first.Token);
        Assert.True(started.Wait(Patience));
        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // The work still runs: the next one queues behind it and starts only once it has ended, without storing.
        var second = limiter.RunAsync(_ => 2, CancellationToken.None);
        Assert.False(second.IsCompleted);
        release.Set();
        Assert.Equal(2, await second.WaitAsync(Patience));
        Assert.False(stored);
    }

    [Fact]
    public async Task Work_that_committed_before_the_request_gave_up_is_the_answer()
    {
        using var limiter = Limiter(slots: 1, queue: 0);
        using var committed = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var request = new CancellationTokenSource();
        var running = limiter.RunAsync(
            commit =>
            {
                Assert.True(commit.TryCommit());
                committed.Set();
                release.Wait(Patience); // "storing"
                return 7;
            },
            request.Token);
        Assert.True(committed.Wait(Patience));
        await request.CancelAsync();
        release.Set();
        Assert.Equal(7, await running.WaitAsync(Patience));
    }

    [Fact]
    public async Task With_every_slot_busy_and_the_queue_full_the_next_is_429()
    {
        using var limiter = Limiter(slots: 1, queue: 0);
        using var release = new ManualResetEventSlim();
        var running = limiter.RunAsync(_ => release.Wait(Patience), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RequestProblemException>(() => limiter.RunAsync(_ => true, CancellationToken.None));
        Assert.Equal((int)HttpStatusCode.TooManyRequests, refused.StatusCode);
        release.Set();
        Assert.True(await running.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_deadline_that_passes_is_504_and_a_client_that_leaves_stays_a_cancellation()
    {
        using var limiter = Limiter(slots: 1, queue: 0, timeoutSeconds: 0.05);
        var timedOut = await Assert.ThrowsAsync<RequestProblemException>(() => limiter.WithinDeadlineAsync(
            async deadline =>
            {
                await Task.Delay(Timeout.Infinite, deadline);
                return 0;
            },
            CancellationToken.None));
        Assert.Equal((int)HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        Assert.Contains("0.05 s", timedOut.Message, StringComparison.Ordinal);

        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WithinDeadlineAsync(
            deadline => Task.FromCanceled<int>(deadline),
            gone.Token));
    }

    private static PredictionLimiter Limiter(int slots, int queue, double timeoutSeconds = 60) => new(
        Microsoft.Extensions.Options.Options.Create(new ServerOptions
        {
            MaxConcurrentPredictions = slots,
            QueueLimit = queue,
            RequestTimeoutSeconds = timeoutSeconds,
        }),
        TimeProvider.System);
}
