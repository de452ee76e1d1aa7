using Fracture.Server.Storage;

namespace Fracture.Server.Hosting;

/// <summary>
/// Deletes predictions past the retention age at start and then every <see cref="Period"/>, so an idle server does
/// not keep images longer than allowed (storing a prediction trims too); at start also the stored files no prediction
/// names (<see cref="PredictionArchive.RemoveOrphans"/>). Idle after that without an age limit.
/// </summary>
internal sealed class RetentionSweeper(PredictionArchive archive, RetentionPolicy retention, TimeProvider time, ILogger<RetentionSweeper> logger) : BackgroundService
{
    /// <summary>
    /// How often the history is swept: hourly, or four times per retention age when that is shorter, but at most once a
    /// second (an age of a few microseconds would ask PeriodicTimer for less than its 1 ms, and it would throw).
    /// </summary>
    public TimeSpan Period => TimeSpan.FromTicks(Math.Clamp((retention.MaxAge / 4).Ticks, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once, at start: images and temp files a killed process left without a prediction (no rule reaches them).
        var orphans = archive.RemoveOrphans();
        if (orphans > 0 && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Deleted {Count} stored files that no prediction names", orphans);
        }

        if (!retention.LimitsAge)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, time);
        do
        {
            var deleted = archive.Expire();
            if (deleted > 0 && logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Deleted {Count} predictions older than {Age}", deleted, retention.MaxAge);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
