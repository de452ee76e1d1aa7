using Fracture.Training.Engine;
using Fracture.Training.Tests.Support;

namespace Fracture.Training.Tests.Engine;

/// <summary>best.ckpt after a run stopped between writing last.ckpt and best.ckpt (killed, or out of disk).</summary>
public sealed class BestCheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-best-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_missing_best_is_copied_from_last_when_last_is_the_best_epoch()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");
        Write(run.LastCheckpoint, epoch: 2, best: 2);

        var message = BestCheckpoint.Reconcile(run, Checkpoint.Read(run.LastCheckpoint).Header);

        Assert.Contains("copied last.ckpt", message, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(run.LastCheckpoint), File.ReadAllBytes(run.BestCheckpoint));
    }

    [Fact]
    public void An_older_or_unreadable_best_is_replaced_when_last_is_the_best_epoch()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");
        Write(run.BestCheckpoint, epoch: 1, best: 1);
        Write(run.LastCheckpoint, epoch: 2, best: 2);

        Assert.Contains("held epoch 1", BestCheckpoint.Reconcile(run, Checkpoint.Read(run.LastCheckpoint).Header), StringComparison.Ordinal);
        Assert.Equal(2, Checkpoint.Read(run.BestCheckpoint).Header.Epoch);

        File.WriteAllText(run.BestCheckpoint, "cut short");
        Assert.Contains("held no readable checkpoint", BestCheckpoint.Reconcile(run, Checkpoint.Read(run.LastCheckpoint).Header), StringComparison.Ordinal);
        Assert.Equal(2, Checkpoint.Read(run.BestCheckpoint).Header.Epoch);
    }

    [Fact]
    public void A_best_that_holds_the_best_epoch_is_left_alone()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");
        Write(run.BestCheckpoint, epoch: 2, best: 2);
        Write(run.LastCheckpoint, epoch: 3, best: 2);
        var before = File.GetLastWriteTimeUtc(run.BestCheckpoint);

        Assert.Null(BestCheckpoint.Reconcile(run, Checkpoint.Read(run.LastCheckpoint).Header));
        Assert.Equal(before, File.GetLastWriteTimeUtc(run.BestCheckpoint));
    }

    [Fact]
    public void A_lost_best_epoch_that_last_does_not_hold_is_only_reported()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");
        Write(run.LastCheckpoint, epoch: 3, best: 2);

        var message = BestCheckpoint.Reconcile(run, Checkpoint.Read(run.LastCheckpoint).Header);

        Assert.StartsWith("warning: best.ckpt holds no readable checkpoint, but the run's best is epoch 2", message, StringComparison.Ordinal);
        Assert.False(File.Exists(run.BestCheckpoint));
    }

    [Fact]
    public void Resuming_a_run_stopped_while_writing_best_in_its_last_epoch_repairs_best_before_refusing_to_train_more()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");
        Write(run.BestCheckpoint, epoch: 2, best: 2, epochs: 3);
        Write(run.LastCheckpoint, epoch: 3, best: 3, epochs: 3);
        var messages = new List<string>();

        var error = Assert.Throws<CheckpointException>(() => Fracture.Training.Tasks.TaskRegistry.Resume(run.Path, new MessageObserver(messages)));

        Assert.Contains("already finished all 3 epochs", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, Checkpoint.Read(run.BestCheckpoint).Header.Epoch);
        Assert.Contains(messages, m => m.Contains("copied last.ckpt", StringComparison.Ordinal));
    }

    [Fact]
    public void Resuming_a_run_that_stopped_early_is_refused_as_finished()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");
        Write(run.BestCheckpoint, epoch: 2, best: 2, epochs: 10, patience: 2);
        Write(run.LastCheckpoint, epoch: 4, best: 2, epochs: 10, patience: 2);

        var error = Assert.Throws<CheckpointException>(() => Fracture.Training.Tasks.TaskRegistry.Resume(run.Path, NullTrainingObserver.Instance));

        Assert.Contains("stopped early after epoch 4: no improvement for 2 epochs since epoch 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_another_process_is_training_is_not_resumed_nor_its_best_touched()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");
        Write(run.BestCheckpoint, epoch: 2, best: 2, epochs: 3);
        Write(run.LastCheckpoint, epoch: 3, best: 3, epochs: 3);
        var best = File.ReadAllBytes(run.BestCheckpoint);

        // What the training process holds while it trains (a flock on an open file, as RunFolder.Lock takes it).
        using (new FileStream(run.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = Assert.Throws<Fracture.Core.FractureException>(() => Fracture.Training.Tasks.TaskRegistry.Resume(run.Path, NullTrainingObserver.Instance));
            Assert.Contains("is being trained by another process", error.Message, StringComparison.Ordinal);
            Assert.Equal(best, File.ReadAllBytes(run.BestCheckpoint));
        }

        // Once it ends (or is killed: the kernel drops the lock), the file left behind does not block a resume.
        Assert.True(File.Exists(run.LockFile));
        Assert.Throws<CheckpointException>(() => Fracture.Training.Tasks.TaskRegistry.Resume(run.Path, NullTrainingObserver.Instance));
        Assert.Equal(3, Checkpoint.Read(run.BestCheckpoint).Header.Epoch);
    }

    [Fact]
    public void A_resume_reads_the_checkpoint_named_or_the_runs_last()
    {
        var run = RunFolder.CreateNew(_root, "classify", "exp");

        var empty = Assert.Throws<CheckpointException>(() => RunFolder.CheckpointToResume(run.Path));
        Assert.Contains("saved no epoch yet (it stopped during epoch 1)", empty.Message, StringComparison.Ordinal);
        Write(run.LastCheckpoint, epoch: 1, best: 1);
        Assert.Equal(run.LastCheckpoint, RunFolder.CheckpointToResume(run.Path));
        Assert.Equal(run.BestCheckpoint, RunFolder.CheckpointToResume(run.BestCheckpoint));
        Assert.Throws<CheckpointException>(() => RunFolder.CheckpointToResume(_root));
    }

    private static void Write(string path, int epoch, int best, int epochs = 10, int patience = 0)
    {
        var options = new TrainOptions { Task = "classify", Data = "data.yaml", Epochs = epochs, Patience = patience };
        var history = Enumerable.Range(1, epoch).Select(e => new EpochRecord(e, new Dictionary<string, double> { ["auc"] = e == best ? 0.9 : 0.5 }, 1e-3, 1)).ToArray();
        var header = new CheckpointHeader(epoch, options, ["no fracture", "elbow fracture"], history[^1].Values, new EarlyStopping(patience, 0.9, best), epoch * 10, history, DateTimeOffset.UnixEpoch);
        Checkpoint.Write(path, header, new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["model"] = [(byte)epoch] });
    }
}
