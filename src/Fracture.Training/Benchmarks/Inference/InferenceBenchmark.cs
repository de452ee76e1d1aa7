using System.Diagnostics;
using Fracture.Core.Imaging;
using Fracture.Training.Engine;
using TorchSharp;

namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// `fracture bench infer`: an exported model in ONNX Runtime against the checkpoint it came from in TorchSharp, on the
/// same images and thread count, in one process. Each round times every measurement once per engine, the two engines
/// back to back (alternating which goes first), so a burst of background load hits both alike; every timed call
/// starts after <see cref="InferenceBenchmarkOptions.SettleMs"/> of idle. Measured:
/// <list type="bullet">
/// <item>model only: the network on an input tensor prepared beforehand, its output read back;</item>
/// <item>end to end: from encoded bytes in memory, decode, letterbox, tensor, network, then the predictor's box
/// decoding and NMS (detect) or class probabilities (classify).</item>
/// </list>
/// Each at batch 1 (p50, p95 per call) and at <see cref="InferenceBenchmarkOptions.Batch"/> (images/s of the median call).
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>The issue's target: ONNX Runtime at least this many times as fast as TorchSharp.</summary>
    public const double SpeedTarget = 1.3;

    /// <summary>The issue's target: pre- and post-processing under this share of ONNX Runtime's end-to-end time.</summary>
    public const double PrePostTarget = 0.2;

    private const int Measures = 4;
    private const int ModelBatch1 = 0;
    private const int ModelBatch = 1;
    private const int FullBatch1 = 2;
    private const int FullBatch = 3;

    /// <summary>How both engines decode, as `fracture predict` does: RGB, full size, truncated files refused.</summary>
    internal static DecodeOptions Decoding { get; } = new(AllowTruncated: false);

    /// <exception cref="Core.FractureException">Bad options, an unreadable image, model or checkpoint, or a pair that is not the same model.</exception>
    public static InferenceBenchmarkResult Run(InferenceBenchmarkOptions options, Action<string>? say = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var encoded = ReadImages(options.Images);
        using var onnxRuntime = OnnxRuntimeEngine.Open(options.Model, options.Threads);

        // An Ultralytics export fixes its batch (metadata batch 1) unless exported dynamic=True: time it at that batch.
        // One fixed at more images cannot run the batch-1 measurements at all (the model-only call would be refused
        // mid-run), so it is refused here, in one line.
        if (onnxRuntime.FixedBatch is > 1 and var larger)
        {
            throw new Core.FractureException(
                $"{options.Model} takes batches of {larger} only, and bench infer times batch 1 too: export it with batch=1 (Ultralytics' default) or dynamic=True");
        }

        if (onnxRuntime.FixedBatch is { } fixedBatch && fixedBatch != options.Batch)
        {
            say?.Invoke($"{options.Model} takes batches of {fixedBatch} only: the batched figures are at batch {fixedBatch}, not {options.Batch}");
            options = options with { Batch = fixedBatch };
        }

        var batch = options.Batch;
        var sample = Enumerable.Range(0, batch).Select(i => ImageDecoder.Decode(encoded[i % encoded.Length], Decoding)).ToArray();
        if (options.Weights is null)
        {
            return RunAlone(onnxRuntime, encoded, sample, options, say);
        }

        torch.set_num_threads(options.Threads);
        var checkpointPath = TrainedWeights.ResolveCheckpoint(options.Weights);
        var checkpoint = Checkpoint.Read(checkpointPath);
        ModelPair.Check(onnxRuntime.Metadata, checkpoint.Header, options.Model, checkpointPath);
        using var network = TrainedNetwork.Create(checkpoint);
        using var torchSharp = new TorchSharpEngine(network, onnxRuntime.Metadata);
        onnxRuntime.Prepare(sample, batch);
        torchSharp.Prepare(sample, batch);

        var difference = MaxAbsDifference(onnxRuntime.RunModel(batch), torchSharp.RunModel(batch), options.Model);
        var first = Cycle(encoded, 0, batch);
        var header = checkpoint.Header;
        var metadata = onnxRuntime.Metadata;
        var model = new BenchmarkedModel(
            Path.GetFullPath(options.Model),
            Path.GetFullPath(checkpointPath),
            network.WeightsSection,
            header.Options.Task,
            header.Options.Model,
            header.ClassNames,
            metadata.InputHeight,
            metadata.Weights,
            metadata.FlipAverage,
            network.Parameters,
            encoded.Length,
            difference,
            onnxRuntime.RunEndToEnd(first),
            torchSharp.RunEndToEnd(first));
        say?.Invoke($"{model.Task} {model.Network} {model.InputSize}px, {model.Parameters:N0} parameters, {model.OnnxWeights ?? "?"} ONNX weights; outputs differ by at most {difference:G3}");

        IInferenceEngine[] engines = [onnxRuntime, torchSharp];
        var series = Measure(engines, encoded, options, say);
        var timings = engines.Select((engine, e) => EngineTimings.Of(
            engine.Name,
            InferenceTiming.From(series[e, ModelBatch1], series[e, ModelBatch], batch),
            InferenceTiming.From(series[e, FullBatch1], series[e, FullBatch], batch))).ToArray();
        return new InferenceBenchmarkResult(
            options,
            MachineFacts.Collect(options.Threads),
            model,
            timings[0],
            timings[1],
            InferenceRatios.Of(timings[0], timings[1]),
            SpeedTarget,
            PrePostTarget);
    }

    /// <summary>
    /// ONNX Runtime alone, for a file without a checkpoint here (an Ultralytics export): the same measurements, no
    /// TorchSharp figures or ratios.
    /// </summary>
    private static InferenceBenchmarkResult RunAlone(OnnxRuntimeEngine onnxRuntime, byte[][] encoded, DecodedImage[] sample, InferenceBenchmarkOptions options, Action<string>? say)
    {
        var batch = options.Batch;
        onnxRuntime.Prepare(sample, batch);
        var metadata = onnxRuntime.Metadata;
        var model = new BenchmarkedModel(
            Path.GetFullPath(options.Model),
            null,
            null,
            Core.Models.ModelMetadata.TaskName(metadata.Task),
            metadata.Description,
            metadata.Names,
            metadata.InputHeight,
            metadata.Weights,
            metadata.FlipAverage,
            null,
            encoded.Length,
            null,
            onnxRuntime.RunEndToEnd(Cycle(encoded, 0, batch)),
            null);
        say?.Invoke($"{model.Task} {model.Network ?? "model"} {model.InputSize}px, ONNX Runtime alone (no --weights to compare with)");
        var series = Measure([onnxRuntime], encoded, options, say);
        var timings = EngineTimings.Of(
            onnxRuntime.Name,
            InferenceTiming.From(series[0, ModelBatch1], series[0, ModelBatch], batch),
            InferenceTiming.From(series[0, FullBatch1], series[0, FullBatch], batch));
        return new InferenceBenchmarkResult(options, MachineFacts.Collect(options.Threads), model, timings, null, null, SpeedTarget, PrePostTarget);
    }

    /// <summary>Largest absolute difference of two outputs of the same batch; outputs of different sizes are different models.</summary>
    internal static double MaxAbsDifference(float[] onnxRuntime, float[] torchSharp, string modelPath)
    {
        if (onnxRuntime.Length != torchSharp.Length)
        {
            throw new ModelPairException($"{modelPath} outputs {onnxRuntime.Length} values where the checkpoint's network outputs {torchSharp.Length}: not the same model");
        }

        var max = 0.0;
        for (var i = 0; i < onnxRuntime.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)onnxRuntime[i] - torchSharp[i]));
        }

        return max;
    }

    /// <summary>Milliseconds per call, [engine, measure], timed rounds only.</summary>
    private static List<double>[,] Measure(IInferenceEngine[] engines, byte[][] encoded, InferenceBenchmarkOptions options, Action<string>? say)
    {
        var series = new List<double>[engines.Length, Measures];
        for (var e = 0; e < engines.Length; e++)
        {
            for (var m = 0; m < Measures; m++)
            {
                series[e, m] = new List<double>(options.Iterations);
            }
        }

        var rounds = options.Warmup + options.Iterations;
        var batch = options.Batch;
        for (var round = 0; round < rounds; round++)
        {
            var one = Cycle(encoded, round, 1);
            var many = Cycle(encoded, round * batch, batch);
            Action<IInferenceEngine>[] calls =
            [
                engine => engine.RunModel(1),
                engine => engine.RunModel(batch),
                engine => engine.RunEndToEnd(one),
                engine => engine.RunEndToEnd(many),
            ];
            for (var m = 0; m < Measures; m++)
            {
                // Alternate which engine goes first, so neither always inherits the other's cache state.
                for (var k = 0; k < engines.Length; k++)
                {
                    var e = round % 2 == 0 ? k : engines.Length - 1 - k;
                    Thread.Sleep(options.SettleMs);
                    var clock = Stopwatch.StartNew();
                    calls[m](engines[e]);
                    if (round >= options.Warmup)
                    {
                        series[e, m].Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }

            if ((round + 1) % Math.Max(1, rounds / 5) == 0 || round + 1 == rounds)
            {
                say?.Invoke($"round {round + 1}/{rounds}{(round < options.Warmup ? " (warm-up)" : string.Empty)}");
            }
        }

        return series;
    }

    /// <summary><paramref name="count"/> images from <paramref name="start"/> on, wrapping around the list.</summary>
    private static byte[][] Cycle(byte[][] encoded, int start, int count) =>
        [.. Enumerable.Range(start, count).Select(i => encoded[i % encoded.Length])];

    /// <summary>The files' bytes, each decoded once first so an unreadable one fails here, named, not mid-measurement.</summary>
    private static byte[][] ReadImages(IReadOnlyList<string> paths)
    {
        var encoded = new byte[paths.Count][];
        for (var i = 0; i < paths.Count; i++)
        {
            _ = ImageDecoder.Decode(paths[i], Decoding);
            encoded[i] = File.ReadAllBytes(paths[i]);
        }

        return encoded;
    }
}
