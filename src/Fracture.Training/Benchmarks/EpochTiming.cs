using System.Diagnostics;
using Fracture.Training.Engine;
using static TorchSharp.torch;

namespace Fracture.Training.Benchmarks;

/// <summary>Seconds per timed epoch and the training images each epoch used.</summary>
internal sealed record EpochTiming(IReadOnlyList<double> Seconds, int Images)
{
    /// <summary>
    /// Trains <paramref name="epochs"/> epochs of any task (forward, loss, backward, AdamW; no validation, EMA or
    /// clipping; in the options' precision, as the trainer computes) and times each. The task is built inside the first epoch's clock: decoding and caching belong to it.
    /// </summary>
    public static EpochTiming Measure<TBatch>(Func<ITrainingTask<TBatch>> createTask, TrainOptions options, int epochs, Action<string>? say)
        where TBatch : IDisposable
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        using var task = createTask();
        using var model = task.CreateModel(initialWeights: false);
        using var optimizer = OptimizerFactory.Create(model, options);
        using var mixed = BFloat16Compute.For(options.Precision, model, () => task.CreateModel(initialWeights: false));
        var trainingStep = new TrainingStep(model, mixed, optimizer, clipGradientNorm: 0);
        trainingStep.Train();
        var parts = new Dictionary<string, double>();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            foreach (var batch in task.TrainBatches(epoch, CancellationToken.None))
            {
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    trainingStep.Take(computing => task.Loss(computing, batch, parts));
                }
            }

            times.Add(clock.Elapsed.TotalSeconds);
            say?.Invoke($"epoch {epoch + 1}: {times[^1]:0.0} s ({task.TrainImages} images)");
            clock.Restart();
        }

        return new EpochTiming(times, task.TrainImages);
    }
}
