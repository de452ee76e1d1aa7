using Fracture.Server.Benchmarks;

namespace Fracture.Server.Tests;

/// <summary>
/// The closed-loop driver counts every call exactly once (warm-up or measured), counts failures without stopping, and
/// summarises by nearest rank. Counts and orderings only: how fast anything runs is a benchmark's business.
/// </summary>
public sealed class LoadRunnerTests
{
    [Fact]
    public void Every_call_is_counted_once_as_warm_up_or_measured_and_the_figures_are_consistent()
    {
        var calls = 0;
        var level = LoadRunner.Run("fake", 3, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), () =>
        {
            Interlocked.Increment(ref calls);
            Thread.Sleep(1);
        });

        Assert.Equal(("fake", 3), (level.Mode, level.Concurrency));
        Assert.Equal(calls, level.WarmupRequests + level.Requests);
        Assert.True(level.Requests > 0, $"{level.Requests} measured calls");
        Assert.Equal(0, level.Errors);
        Assert.Null(level.FirstError);
        Assert.True(level.Seconds > 0);
        Assert.Equal(level.Requests / level.Seconds, level.RequestsPerSecond, 9);
        Assert.True(level.P50Ms <= level.P99Ms && level.P99Ms <= level.MaxMs, $"p50 {level.P50Ms}, p99 {level.P99Ms}, max {level.MaxMs}");
        Assert.InRange(level.MeanMs!.Value, 0, level.MaxMs!.Value);
        Assert.True(level.WorkingSetBytes > 0 && level.PeakWorkingSetBytes >= level.WorkingSetBytes);
    }

    [Fact]
    public void A_failing_call_is_an_error_and_the_workers_carry_on()
    {
        var calls = 0;
        var level = LoadRunner.Run("flaky", 2, TimeSpan.Zero, TimeSpan.FromMilliseconds(150), () =>
        {
            // Every other call fails: the workers must keep going after a failure.
            if (Interlocked.Increment(ref calls) % 2 == 0)
            {
                throw new InvalidOperationException("model failed");
            }

            Thread.Sleep(1);
        });

        Assert.Equal(calls, level.Requests);
        Assert.Equal(calls / 2, level.Errors);
        Assert.Equal("InvalidOperationException: model failed", level.FirstError);
    }

    [Fact]
    public void A_warm_up_call_that_outlasts_the_window_is_followed_by_one_measured_call_per_worker()
    {
        // Each worker's first call waits until the 20 ms window is long over (a gate, not a race with a timer).
        using var windowOver = new ManualResetEventSlim();
        var calls = 0;
        var timer = new Thread(() =>
        {
            Thread.Sleep(200);
            windowOver.Set();
        });
        timer.Start();
        var level = LoadRunner.Run("slow", 2, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), () =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                windowOver.Wait();
            }
        });
        timer.Join();

        // Exactly one measured call per worker, whether a worker's first call fell in the warm-up (the usual case) or,
        // on a thread started late, already in or after the window.
        Assert.Equal(2L, level.Requests);
        Assert.Equal(2 + level.WarmupRequests, calls);
        Assert.True(level.RequestsPerSecond > 0);
    }

    [Fact]
    public void A_cancelled_run_stops_and_reports_what_it_measured()
    {
        using var cancellation = new CancellationTokenSource();
        var calls = 0;
        var level = LoadRunner.Run("cancelled", 1, TimeSpan.Zero, TimeSpan.FromHours(1), () =>
        {
            if (Interlocked.Increment(ref calls) == 10)
            {
                cancellation.Cancel();
            }
        }, cancellation.Token);

        // The run of an hour ended after the call that cancelled it.
        Assert.Equal((10, 10L), (calls, level.Requests));
    }

    [Fact]
    public void Percentiles_are_nearest_rank_worked_by_hand()
    {
        double[] tenValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        // p50 of 10 values: rank ceil(5) = 5, the 5th value; p99: rank ceil(9.9) = 10; p90: rank 9.
        Assert.Equal(5, LoadRunner.Percentile(tenValues, 0.5));
        Assert.Equal(10, LoadRunner.Percentile(tenValues, 0.99));
        Assert.Equal(9, LoadRunner.Percentile(tenValues, 0.9));

        // 200 values: p99 is rank 198, so the two slowest calls do not move it.
        double[] twoHundred = [.. Enumerable.Range(1, 200).Select(i => (double)i)];
        Assert.Equal(198, LoadRunner.Percentile(twoHundred, 0.99));
        Assert.Equal(7, LoadRunner.Percentile([7.0], 0.99));
        Assert.Null(LoadRunner.Percentile([], 0.5));
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0)]
    public void Bad_settings_are_refused(int concurrency, double durationSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadRunner.Run("bad", concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(durationSeconds), () => { }));
}
