using Fracture.Core;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;

namespace Fracture.Training.Tasks;

/// <summary>
/// The tasks `fracture train` knows. A task is one folder under Tasks/ plus one entry here: a function that builds
/// the task from the options and runs the shared trainer on it.
/// </summary>
public static class TaskRegistry
{
    public delegate TrainResult Runner(TrainOptions options, RunFolder run, ITrainingObserver observer, Checkpoint? resume, IProgress<WorkProgress>? progress, CancellationToken cancellation);

    private static readonly Dictionary<string, Runner> Tasks = new(StringComparer.Ordinal)
    {
        ["classify"] = (options, run, observer, resume, progress, cancellation) =>
            Run<ClassifyTask, ClassifyBatch>(new ClassifyTask(options, progress), task => task.Skipped, options, run, observer, resume, cancellation),
        ["detect"] = (options, run, observer, resume, progress, cancellation) =>
            Run<DetectTask, DetectBatch>(new DetectTask(options, progress), task => task.Skipped, options, run, observer, resume, cancellation),
        ["segment"] = (options, run, observer, resume, progress, cancellation) =>
            Run<SegmentTask, SegmentBatch>(new SegmentTask(options, progress), task => task.Skipped, options, run, observer, resume, cancellation),
    };

    public static IReadOnlyCollection<string> Names => Tasks.Keys;

    /// <summary>Starts a new run in a fresh folder runs/&lt;task&gt;/&lt;name&gt;.</summary>
    public static TrainResult Train(TrainOptions options, ITrainingObserver observer, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var runner = Find(options.Task);
        var run = RunFolder.CreateNew(options.Project, options.Task, options.Name);
        return runner(options, run, observer, null, progress, cancellation);
    }

    /// <summary>Continues a run from its last checkpoint, with the options it was started with.</summary>
    /// <param name="stopAfterEpochs">Overrides the original run's stop-after (null: run to the end).</param>
    public static TrainResult Resume(string runFolder, ITrainingObserver observer, int? stopAfterEpochs = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        var run = RunFolder.Open(runFolder);
        var checkpoint = Checkpoint.Read(run.LastCheckpoint);
        var options = checkpoint.Header.Options with { StopAfterEpochs = stopAfterEpochs };
        if (checkpoint.Header.Epoch >= options.Epochs)
        {
            throw new CheckpointException($"{run.Path} already finished all {options.Epochs} epochs");
        }

        return Find(options.Task)(options, run, observer, checkpoint, progress, cancellation);
    }

    private static Runner Find(string task) =>
        Tasks.TryGetValue(task, out var runner)
            ? runner
            : throw new FractureException($"unknown task '{task}': use {string.Join(", ", Tasks.Keys)}");

    private static TrainResult Run<TTask, TBatch>(TTask task, Func<TTask, IEnumerable<string>> skipped, TrainOptions options, RunFolder run, ITrainingObserver observer, Checkpoint? resume, CancellationToken cancellation)
        where TTask : ITrainingTask<TBatch>
        where TBatch : IDisposable
    {
        using (task)
        {
            foreach (var path in skipped(task))
            {
                observer.OnMessage($"skipped unreadable image {path}");
            }

            return new Trainer<TBatch>(options, task, run, observer, resume).Run(cancellation);
        }
    }
}
