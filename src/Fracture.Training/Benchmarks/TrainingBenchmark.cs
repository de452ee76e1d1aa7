using System.Diagnostics;
using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Classify;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Benchmarks;

/// <summary>
/// Training throughput of a classifier network: forward + backward + AdamW step on random tensors (the network's own
/// speed), then whole epochs through the real pipeline (decode and cache, augmentation, background batches, steps,
/// validation off) on a subset of a dataset. Compared side by side with PyTorch by scripts/bench-train-classify.sh.
/// </summary>
public static class TrainingBenchmark
{
    public static TrainingBenchmarkResult Run(TrainingBenchmarkOptions options, Action<string>? say = null)
    {
        torch.set_num_threads(options.Threads);
        torch.random.manual_seed(0);
        var trainOptions = new TrainOptions { Task = "classify", Data = options.Data ?? string.Empty, Model = options.Model, ImageSize = options.ImageSize, Batch = options.Batch, EmaDecay = 0 };
        var steps = SyntheticSteps(options, trainOptions, say);
        var median = steps.Order().ElementAt(steps.Count / 2);
        var epochs = options.Data is null ? [] : Epochs(options, trainOptions, say);
        return new TrainingBenchmarkResult(options, median, options.Batch / median, steps, epochs);
    }

    private static List<double> SyntheticSteps(TrainingBenchmarkOptions options, TrainOptions trainOptions, Action<string>? say)
    {
        using var model = ClassifierNetworks.Create(options.Model, 7, initialWeights: false);
        using var optimizer = OptimizerFactory.Create(model, trainOptions);
        model.train();
        using var images = randn(options.Batch, 3, options.ImageSize, options.ImageSize);
        using var labels = randint(0, 7, [options.Batch], dtype: ScalarType.Int64);
        var times = new List<double>();
        for (var i = 0; i < options.Warmup + options.Steps; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(images), labels);
                loss.backward();
                optimizer.step();
                _ = loss.item<float>();
            }

            if (i >= options.Warmup)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }

        say?.Invoke($"synthetic steps: median {times.Order().ElementAt(times.Count / 2):0.000} s");
        return times;
    }

    private static List<double> Epochs(TrainingBenchmarkOptions options, TrainOptions trainOptions, Action<string>? say)
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        // The task's construction decodes and caches the images: it belongs to the first epoch's time.
        using var task = new ClassifyTask(trainOptions with { MaxTrainImages = options.EpochImages, MaxValImages = 1, Augmentation = AugmentationOptions.Default });
        using var model = task.CreateModel(initialWeights: false);
        using var optimizer = OptimizerFactory.Create(model, trainOptions);
        model.train();
        var parts = new Dictionary<string, double>();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            foreach (var batch in task.TrainBatches(epoch, CancellationToken.None))
            {
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    optimizer.zero_grad();
                    task.Loss(model, batch, parts).backward();
                    optimizer.step();
                }
            }

            times.Add(clock.Elapsed.TotalSeconds);
            say?.Invoke($"epoch {epoch + 1}: {times[^1]:0.0} s ({task.TrainImages} images)");
            clock.Restart();
        }

        return times;
    }
}
