using Fracture.Core.IO;

namespace Fracture.Training.Engine;

/// <summary>
/// Keeps weights/best.ckpt in step with a resumed run. The trainer writes last.ckpt first (it is what a resume reads),
/// then best.ckpt; a run killed, or out of disk, between the two leaves best.ckpt an older epoch while last.ckpt
/// records the newer one as best, and later epochs that are not better would never rewrite it, so `val` and `export`
/// of RUN/best would read the wrong epoch for good.
/// </summary>
internal static class BestCheckpoint
{
    /// <summary>Repairs best.ckpt from last.ckpt when last.ckpt is the run's best epoch and best.ckpt is not.</summary>
    /// <returns>What was found and done, for the log; null when best.ckpt holds the run's best epoch.</returns>
    public static string? Reconcile(RunFolder run, CheckpointHeader last)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(last);
        var best = last.Stopping.BestEpoch;
        var held = EpochOf(run.BestCheckpoint);
        if (best < 1 || held == best)
        {
            return null;
        }

        var holding = held is { } epoch ? $"epoch {epoch}" : "no readable checkpoint";
        if (best != last.Epoch)
        {
            return $"warning: best.ckpt holds {holding}, but the run's best is epoch {best}, whose weights are no longer saved; best.ckpt is replaced when a later epoch beats it";
        }

        AtomicFile.Write(run.BestCheckpoint, target =>
        {
            using var source = File.OpenRead(run.LastCheckpoint);
            source.CopyTo(target);
        });
        return $"best.ckpt held {holding}, not the run's best (epoch {best}): copied last.ckpt over it";
    }

    private static int? EpochOf(string path)
    {
        try
        {
            return File.Exists(path) ? Checkpoint.Read(path).Header.Epoch : null;
        }
        catch (CheckpointException)
        {
            return null;
        }
    }
}
