using Fracture.Core;
using Fracture.Core.Datasets;
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
    /// <param name="run">Makes (or opens) the run folder; called once the task has read its data.</param>
    public delegate TrainResult Runner(TrainOptions options, Func<RunFolder> run, ITrainingObserver observer, Checkpoint? resume, IProgress<WorkProgress>? progress, CancellationToken cancellation);

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

    /// <summary>
    /// Starts a new run in a fresh folder runs/&lt;task&gt;/&lt;name&gt;. The folder is made only once the options,
    /// the --init weights and the dataset have been read, so a mistake in them leaves no empty run behind (and does
    /// not push the next run to "name2").
    /// </summary>
    public static TrainResult Train(TrainOptions options, ITrainingObserver observer, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var runner = Find(options.Task);
        RunFolder.CheckName(options.Task, options.Name);
        CheckInitialWeights(options.InitialWeights);
        return runner(options, () => RunFolder.CreateNew(options.Project, options.Task, options.Name), observer, null, progress, cancellation);
    }

    /// <summary>
    /// Continues a run with the options it was started with: from its last checkpoint, or from the checkpoint named
    /// (e.g. RUN/weights/best.ckpt when last.ckpt is damaged; the epochs after it are trained again).
    /// </summary>
    /// <param name="stopAfterEpochs">Overrides the original run's stop-after (null: run to the end).</param>
    /// <param name="task">The task the caller expects (`fracture train detect --resume`); null accepts any.</param>
    public static TrainResult Resume(string runOrCheckpoint, ITrainingObserver observer, int? stopAfterEpochs = null, IProgress<WorkProgress>? progress = null, string? task = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var run = RunFolder.Open(runOrCheckpoint);
        var path = RunFolder.CheckpointToResume(runOrCheckpoint);
        var checkpoint = Checkpoint.Read(path);
        var options = checkpoint.Header.Options with { StopAfterEpochs = stopAfterEpochs };
        options.Validate();
        if (task is not null && !string.Equals(task, options.Task, StringComparison.Ordinal))
        {
            throw new FractureException($"{run.Path} is a '{options.Task}' run: resume it with `fracture train {options.Task} --resume`");
        }

        // Held from before best.ckpt is repaired until training ends, so no other process trains the run meanwhile.
        using var held = run.Lock();

        // Before the finished check: a run stopped while writing best.ckpt in its last epoch is repaired too.
        if (path == run.LastCheckpoint && BestCheckpoint.Reconcile(run, checkpoint.Header) is { } message)
        {
            observer.OnMessage(message);
        }

        // Also before it: a run stopped while writing these in its last epoch could never have them written otherwise.
        if (path == run.LastCheckpoint && ResultsCsv.Restore(run, checkpoint.Header.History) is { } restored)
        {
            observer.OnMessage(restored);
        }

        if (checkpoint.Header.Epoch >= options.Epochs)
        {
            throw new CheckpointException($"{run.Path} already finished all {options.Epochs} epochs{StaleReportHint(run, options.Task, checkpoint.Header.Stopping.BestEpoch)}");
        }

        // The trainer would stop again before its first step: a run that stopped early is finished as well.
        if (checkpoint.Header.Stopping is var stopping && stopping.ShouldStop(checkpoint.Header.Epoch))
        {
            throw new CheckpointException(
                $"{run.Path} stopped early after epoch {checkpoint.Header.Epoch}: no improvement for {stopping.Patience} epochs since epoch {stopping.BestEpoch}; there is nothing to resume{StaleReportHint(run, options.Task, stopping.BestEpoch)}");
        }

        return Find(options.Task)(options, () => run, observer, checkpoint, progress, cancellation);
    }

    /// <summary>
    /// For a finished run whose best-val.json is not its best epoch's (stopped while writing it in its last epochs): a
    /// resume, which would rewrite it (<see cref="BestValidation"/>), has nothing to train, so say how to rewrite it.
    /// </summary>
    private static string StaleReportHint(RunFolder run, string task, int bestEpoch) =>
        BestValidation.FindStale(run, bestEpoch) is { } stale
            ? $"; {stale}: `fracture val {task} --weights {Path.Combine(run.Path, "best")} --json {run.BestValidationFile}` rewrites the report"
            : string.Empty;

    /// <summary>Fails before any data is decoded when --init names nothing.</summary>
    private static void CheckInitialWeights(string? initial)
    {
        if (initial is null)
        {
            return;
        }

        var path = OnnxInitialWeights.IsOnnx(initial) ? initial : TrainedWeights.ResolveCheckpoint(initial);
        if (!File.Exists(path))
        {
            throw new CheckpointException($"--init {initial}: no such checkpoint, run or ONNX file");
        }
    }

    private static Runner Find(string task) =>
        Tasks.TryGetValue(task, out var runner)
            ? runner
            : throw new FractureException($"unknown task '{task}': use {string.Join(", ", Tasks.Keys)}");

    private static TrainResult Run<TTask, TBatch>(TTask task, Func<TTask, IEnumerable<string>> skipped, TrainOptions options, Func<RunFolder> run, ITrainingObserver observer, Checkpoint? resume, CancellationToken cancellation)
        where TTask : ITrainingTask<TBatch>
        where TBatch : IDisposable
    {
        using (task)
        {
            var left = 0;
            foreach (var reason in skipped(task))
            {
                observer.OnMessage($"skipped {reason}");
                left++;
            }

            // A profile or data.yaml edited since the run started would relabel its classes without a word.
            if (resume is not null && !task.ClassNames.SequenceEqual(resume.Header.ClassNames, StringComparer.Ordinal))
            {
                throw new CheckpointException(
                    $"the run was trained on the classes ({string.Join(", ", resume.Header.ClassNames)}), but its data and profile now give ({string.Join(", ", task.ClassNames)}); resume it with the data and profile it was started with");
            }

            // Same classes, labels moved between them (a profile's map with two ids swapped): as silent as the above.
            if (resume?.Header.LabelMapping is { } before && !string.Equals(before, task.LabelMapping, StringComparison.Ordinal))
            {
                throw new CheckpointException(
                    $"the run mapped its labels' class ids as ({before}), but its data and profile now map them as ({task.LabelMapping}); resume it with the data and profile it was started with");
            }

            // Images added or removed since: allowed (more data is a reason to go on), but the best epoch was chosen on
            // the old validation split, so later epochs are compared with a score of other images.
            if (resume?.Header.Images is { } then && then != task.Sizes)
            {
                observer.OnMessage(
                    $"warning: the data changed since the run started: {task.TrainImages} training images per epoch and {task.ValImagesThatScore} validation images that score, against {then.Train} and {then.Val}; the best epoch so far was scored on the old validation images");
            }

            // Epochs of no batches would "finish" and write checkpoints of untrained weights; refuse before any run folder.
            if (task.TrainImages == 0 || task.BatchesPerEpoch == 0)
            {
                throw new DatasetException($"nothing to train on: no image of the training split can be used ({left} left out, listed above)");
            }

            // Boxes learnt from backgrounds alone would "train" to predict nothing, with exit 0.
            if (task.TrainImagesWithObjects == 0)
            {
                throw new DatasetException(
                    $"nothing to learn boxes from: no training image has a labelled object ({left} left out, listed above; labels in pixels, or a profile that drops every class?)");
            }

            // Validation chooses the best epoch and early stopping; with nothing to score it would keep epoch 1 and
            // stop after --patience epochs, with exit 0.
            if (task.ValImagesThatScore == 0)
            {
                throw new DatasetException(
                    $"nothing to validate on: no validation image can score the model (boxes and outlines need a labelled object; {left} left out, listed above; labels missing beside the val images?)");
            }

            return new Trainer<TBatch>(options, task, run(), observer, resume).Run(cancellation);
        }
    }
}
