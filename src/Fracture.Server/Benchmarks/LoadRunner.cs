using System.Diagnostics;

namespace Fracture.Server.Benchmarks;

/// <summary>
/// A closed-loop load, the model wrk and other HTTP load tools use: each of <c>concurrency</c> workers calls the
/// operation, waits for it, and calls again. Calls that start during the warm-up are not measured; every call that
/// starts after it and before the end is, and throughput is their number over the time from the end of the warm-up
/// to the last of them finishing. Every worker makes at least one measured call, even when its warm-up call outlasts
/// the whole window (a slow model on a busy machine): the window then stretches instead of measuring nothing.
/// </summary>
public static class LoadRunner
{
    /// <summary>Runs <paramref name="call"/> from <paramref name="concurrency"/> workers for <paramref name="warmup"/> plus <paramref name="duration"/>.</summary>
    /// <param name="mode">Names the level in the result.</param>
    /// <param name="call">The operation; an exception counts as an error and the worker goes on.</param>
    /// <param name="cancellationToken">Stops every worker after its current call; the level reports what was measured.</param>
    public static LoadLevel Run(string mode, int concurrency, TimeSpan warmup, TimeSpan duration, Action call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmup, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);

        var measureFrom = Stopwatch.GetTimestamp() + Ticks(warmup);
        var stopAt = measureFrom + Ticks(duration);
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker()).ToArray();

        // Own threads, not the pool: the pool starts with one thread per core and adds more slowly, so 16 blocking
        // workers on it would start seconds apart; a request's work in the server does run on the pool.
        var threads = workers.Select((worker, i) => new Thread(() => worker.Loop(call, measureFrom, stopAt, cancellationToken))
        {
            IsBackground = true,
            Name = $"load-{mode}-{i}",
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return Summarise(mode, concurrency, workers, measureFrom);
    }

    /// <summary>The value at rank ceil(q n) of the sorted values (nearest rank), or null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static LoadLevel Summarise(string mode, int concurrency, Worker[] workers, long measureFrom)
    {
        var latencies = workers.SelectMany(w => w.LatenciesMs).Order().ToArray();
        var lastEnd = workers.Max(w => w.LastEnd);
        var seconds = latencies.Length == 0 ? 0 : Stopwatch.GetElapsedTime(measureFrom, lastEnd).TotalSeconds;
        using var process = Process.GetCurrentProcess();
        return new LoadLevel(
            mode,
            concurrency,
            workers.Sum(w => w.WarmupCalls),
            latencies.Length,
            workers.Sum(w => w.Errors),
            seconds,
            seconds > 0 ? latencies.Length / seconds : 0,
            Percentile(latencies, 0.5),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? null : latencies[^1],
            latencies.Length == 0 ? null : latencies.Average(),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
            process.WorkingSet64,
            process.PeakWorkingSet64);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Worker
    {
        public List<double> LatenciesMs { get; } = [];

        public long WarmupCalls { get; private set; }

        public long Errors { get; private set; }

        public string? FirstError { get; private set; }

        public long LastEnd { get; private set; }

        public void Loop(Action call, long measureFrom, long stopAt, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= stopAt && LatenciesMs.Count > 0)
                {
                    return;
                }

                string? error = null;
                try
                {
                    call();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }

                var end = Stopwatch.GetTimestamp();
                if (start < measureFrom)
                {
                    WarmupCalls++;
                    continue;
                }

                LatenciesMs.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                LastEnd = end;
                if (error is not null)
                {
                    Errors++;
                    FirstError ??= error;
                }
            }
        }
    }
}
