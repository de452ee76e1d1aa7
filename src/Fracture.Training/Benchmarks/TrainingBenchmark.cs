using System.Diagnostics;
using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Benchmarks;

/// <summary>
/// Speed of a task's network (<see cref="BenchmarkSubjects"/>): forward + loss + backward + AdamW step on random
/// tensors with the task's real loss (the network's own training speed), the same with a stand-in loss any engine can
/// compute (how scripts/bench-detector.sh compares like with like against PyTorch), eval-mode inference at batch 1
/// and batched, then optionally whole epochs through the real pipeline (decode and cache, augmentation, background
/// batches; validation off) on a subset of a dataset. All on <see cref="TrainingBenchmarkOptions.Threads"/> threads.
/// </summary>
public static class TrainingBenchmark
{
    public static TrainingBenchmarkResult Run(TrainingBenchmarkOptions options, Action<string>? say = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        torch.set_num_threads(options.Threads);
        torch.random.manual_seed(0);
        var trainOptions = TrainOptionsFor(options);
        using var subject = BenchmarkSubjects.Create(options);
        using var model = subject.CreateModel();
        var parameters = model.parameters().Sum(p => p.numel());
        say?.Invoke($"{options.Task} {options.Model}: {parameters:N0} parameters");

        using var optimizer = OptimizerFactory.Create(model, trainOptions);
        using var images = randn(options.Batch, 3, options.ImageSize, options.ImageSize);
        using var mixed = BFloat16Compute.For(options.Precision, model, subject.CreateModel);
        var bfloat16Layers = mixed?.BFloat16Layers ?? 0;
        if (mixed is not null)
        {
            say?.Invoke($"computing in bfloat16: {bfloat16Layers} convolution and linear layers");
        }

        var trainingStep = new TrainingStep(model, mixed, optimizer, clipGradientNorm: 0);
        trainingStep.Train();
        var steps = Time(options.Warmup, options.Steps, () => TrainStep(trainingStep, images, subject.Loss));
        var median = Median(steps);
        say?.Invoke($"training steps ({options.Task} loss): median {median:0.000} s");
        var standIn = Time(options.Warmup, options.StandInSteps, () => TrainStep(trainingStep, images, StandInLoss));
        double? standInMedian = standIn.Count > 0 ? Median(standIn) : null;
        if (standInMedian is { } s)
        {
            say?.Invoke($"training steps (stand-in loss): median {s:0.000} s");
        }

        var (single, batched) = Inference(model, options);
        if (single.Count > 0)
        {
            say?.Invoke($"inference: batch 1 p50 {Percentile(single, 0.5):0.0} ms, p95 {Percentile(single, 0.95):0.0} ms; batch {options.InferenceBatch} {options.InferenceBatch / Median(batched):0.0} images/s");
        }

        var epochs = options.Data is null ? new EpochTiming([], 0) : subject.Epochs(trainOptions, options.Epochs, say);
        return new TrainingBenchmarkResult(
            options,
            parameters,
            median,
            options.Batch / median,
            steps,
            standInMedian,
            options.Batch / standInMedian,
            standIn,
            single.Count > 0 ? Percentile(single, 0.5) : null,
            single.Count > 0 ? Percentile(single, 0.95) : null,
            single,
            batched.Count > 0 ? options.InferenceBatch / Median(batched) : null,
            batched,
            bfloat16Layers,
            epochs.Images,
            epochs.Seconds);
    }

    /// <summary>Value at rank ceil(q n) of the sorted values (nearest rank; the PyTorch script uses the same rule).</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    // The upper median, as the classifier benchmark has always reported it.
    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>A loss any engine computes identically: the mean square of the raw output (no task-specific code).</summary>
    private static Tensor StandInLoss(Tensor output)
    {
        using var two = 2.ToScalar(); // held through the native call (docs/training.md, "Scalars held ...")
        return output.to_type(ScalarType.Float32).pow(two).mean();
    }

    // As the trainer steps (TrainingStep), on the loss of a forward pass in float32 whatever the network computes in,
    // as the tasks' own losses take it.
    private static void TrainStep(TrainingStep step, Tensor images, Func<Tensor, Tensor> loss)
    {
        using var scope = NewDisposeScope();
        step.Take(network => loss(network.call(images).to(ScalarType.Float32)));
    }

    /// <summary>Milliseconds per one-image forward, and seconds per batched forward; eval mode, no gradients.</summary>
    private static (List<double> Single, List<double> Batched) Inference(nn.Module<Tensor, Tensor> model, TrainingBenchmarkOptions options)
    {
        if (options.InferenceRuns == 0)
        {
            return ([], []);
        }

        model.eval();
        using var noGrad = no_grad();
        using var one = randn(1, 3, options.ImageSize, options.ImageSize);
        using var many = randn(options.InferenceBatch, 3, options.ImageSize, options.ImageSize);
        var single = Time(options.Warmup, options.InferenceRuns, () => Forward(model, one)).ConvertAll(t => t * 1000);
        var batched = Time(Math.Min(options.Warmup, 1), options.InferenceBatchRuns, () => Forward(model, many));
        return (single, batched);
    }

    private static void Forward(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        using var scope = NewDisposeScope();
        _ = model.call(input);
    }

    private static List<double> Time(int warmup, int runs, Action run)
    {
        var times = new List<double>(runs);
        if (runs == 0)
        {
            return times;
        }

        for (var i = 0; i < warmup + runs; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }

        return times;
    }

    /// <summary>The recipe with this benchmark's data, network, size and image counts; EMA off (not part of a step).</summary>
    private static TrainOptions TrainOptionsFor(TrainingBenchmarkOptions options)
    {
        var recipe = options.Recipe ?? new TrainOptions { Task = options.Task, Data = string.Empty, Augmentation = AugmentationOptions.Default };
        return recipe with
        {
            Task = options.Task,
            Data = options.Data ?? string.Empty,
            Profile = options.Profile,
            Model = options.Model,
            ImageSize = options.ImageSize,
            Batch = options.Batch,
            EmaDecay = 0,
            Precision = options.Precision,
            MaxTrainImages = options.EpochImages,
            MaxValImages = 1,
        };
    }
}
