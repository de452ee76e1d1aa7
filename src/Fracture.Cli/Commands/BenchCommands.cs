using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fracture.Cli.Predict;
using Fracture.Core.Datasets;
using Fracture.Core.IO;
using Fracture.Training.Benchmarks;
using Fracture.Training.Benchmarks.Inference;
using Fracture.Training.Engine;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture bench ...`: measure speed (a benchmark, never a test).</summary>
internal static class BenchCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static Command Create()
    {
        var bench = new Command("bench", "Measure training, inference and prediction-load speed on this machine.");
        bench.Subcommands.Add(CreateTrain());
        bench.Subcommands.Add(CreateInfer());
        bench.Subcommands.Add(BenchPredictCommand.Create());
        return bench;
    }

    private static Command CreateTrain()
    {
        var defaults = new TrainingBenchmarkOptions();
        var tasks = BenchmarkSubjects.Names;
        var task = new Option<string>("--task") { Description = "Network family: classify or detect.", DefaultValueFactory = _ => defaults.Task };
        task.AcceptOnlyFromAmong([.. tasks]);
        var model = new Option<string?>("--model") { Description = $"Network, random weights (default: {PerTask(d => d.Model)})." };
        model.AcceptOnlyFromAmong([.. tasks.SelectMany(BenchmarkSubjects.Models).Distinct()]);
        var imageSize = new Option<int?>("--imgsz") { Description = $"Input size (default: {PerTask(d => d.ImageSize.ToString(System.Globalization.CultureInfo.InvariantCulture))})." };
        var batch = new Option<int>("--batch") { Description = "Training batch size.", DefaultValueFactory = _ => defaults.Batch };
        var steps = new Option<int>("--steps") { Description = "Timed training steps on random tensors with the task's loss.", DefaultValueFactory = _ => defaults.Steps };
        var standIn = new Option<int>("--stand-in-steps") { Description = "Timed training steps with the stand-in loss output.pow(2).mean() (0 skips).", DefaultValueFactory = _ => defaults.StandInSteps };
        var warmup = new Option<int>("--warmup") { Description = "Untimed runs before each timed series.", DefaultValueFactory = _ => defaults.Warmup };
        var runs = new Option<int>("--inference-runs") { Description = "Timed eval-mode forwards of one image (0 skips inference).", DefaultValueFactory = _ => defaults.InferenceRuns };
        var inferenceBatch = new Option<int>("--inference-batch") { Description = "Images per forward for batched inference.", DefaultValueFactory = _ => defaults.InferenceBatch };
        var batchRuns = new Option<int>("--inference-batch-runs") { Description = "Timed batched forwards.", DefaultValueFactory = _ => defaults.InferenceBatchRuns };
        var data = new Option<FileInfo?>("--data") { Description = "data.yaml: also time whole epochs through the real data pipeline." };
        var profile = DatasetCommands.ProfileOption();
        var images = new Option<int>("--epoch-images") { Description = "Images per timed epoch.", DefaultValueFactory = _ => defaults.EpochImages };
        var epochs = new Option<int>("--epochs") { Description = "Timed epochs (the first includes decoding).", DefaultValueFactory = _ => defaults.Epochs };
        var json = new Option<FileInfo?>("--json") { Description = "Write the measurements as JSON." };
        var precision = new Option<TrainingPrecision>("--precision") { Description = "What training steps and epochs compute in: Float32, or BFloat16 as `fracture train --precision BFloat16` (inference stays float32).", DefaultValueFactory = _ => defaults.Precision };
        var command = new Command("train", "Training throughput (random tensors, and whole epochs on real images) and eval-mode inference speed, on 2 threads.")
        {
            task, model, imageSize, batch, steps, standIn, warmup, runs, inferenceBatch, batchRuns, data, profile, images, epochs, precision, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (parse.GetValue(data) is { } yaml && parse.GetValue(json) is { } output)
            {
                // Real epochs read the training split.
                new InputFiles().AddOption("--data", yaml.FullName).AddOption("--profile", parse.GetValue(profile)?.FullName)
                    .AddSplit(DataYamlReader.Read(yaml.FullName), SplitNames.Train).RefuseOutput("--json", output.FullName, "the measurements");
            }

            var name = parse.GetValue(task)!;
            var taskDefaults = BenchmarkSubjects.Defaults(name);
            var options = taskDefaults with
            {
                Model = parse.GetValue(model) ?? taskDefaults.Model,
                ImageSize = parse.GetValue(imageSize) ?? taskDefaults.ImageSize,
                Batch = parse.GetValue(batch),
                Steps = parse.GetValue(steps),
                StandInSteps = parse.GetValue(standIn),
                Warmup = parse.GetValue(warmup),
                InferenceRuns = parse.GetValue(runs),
                InferenceBatch = parse.GetValue(inferenceBatch),
                InferenceBatchRuns = parse.GetValue(batchRuns),
                Data = parse.GetValue(data)?.FullName,
                Profile = parse.GetValue(profile)?.FullName,
                EpochImages = parse.GetValue(images),
                Epochs = parse.GetValue(epochs),
                Precision = parse.GetValue(precision),

                // Real epochs follow the task's shipped training recipe (the detector's mosaic, zoom, background share).
                Recipe = name == BenchmarkSubjects.Detect ? TrainCommands.DetectDefaults : null,
            };
            var result = TrainingBenchmark.Run(options, line => AnsiConsole.MarkupLine(Markup.Escape(line)));
            AnsiConsole.MarkupLine($"[bold]{options.Task} {Markup.Escape(options.Model)} {options.ImageSize}px batch {options.Batch} {options.Precision}: {result.MedianStepSeconds:0.000} s/step, {result.StepImagesPerSecond:0.0} images/s[/]");
            if (parse.GetValue(json) is { } file)
            {
                AtomicFile.WriteAllText(file.FullName, JsonSerializer.Serialize(result, Json));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateInfer()
    {
        var defaults = new InferenceBenchmarkOptions(string.Empty, string.Empty, []);
        var model = new Option<FileInfo>("--model") { Description = "The exported .onnx file (ONNX Runtime side).", Required = true };
        var weights = new Option<string?>("--weights") { Description = "Its checkpoint (TorchSharp side): RUN/best, RUN/last, a run folder or a .ckpt file. Without it ONNX Runtime is timed alone (an Ultralytics export)." };
        var images = new Option<string[]>("--images")
        {
            Description = "Image files, folders (their image files, subfolders included) or glob patterns; read into memory once, decoded in every timed call.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var warmup = new Option<int>("--warmup") { Description = "Untimed rounds first.", DefaultValueFactory = _ => defaults.Warmup };
        var iterations = new Option<int>("--iterations") { Description = "Timed rounds; each times every measurement once on each engine.", DefaultValueFactory = _ => defaults.Iterations };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of both engines.", DefaultValueFactory = _ => defaults.Threads };
        var batch = new Option<int>("--batch") { Description = "Images per call for the throughput figures.", DefaultValueFactory = _ => defaults.Batch };
        var settle = new Option<int>("--settle-ms") { Description = "Idle milliseconds before every timed call (libtorch's OpenMP threads spin for milliseconds after a forward).", DefaultValueFactory = _ => defaults.SettleMs };
        var json = new Option<FileInfo?>("--json") { Description = "Write every figure, each timed call and the machine's facts as JSON." };
        var command = new Command("infer", "Inference speed of an exported model in ONNX Runtime (against its checkpoint in TorchSharp with --weights): model only and end to end, batch 1 and batched.")
        {
            model, weights, images, warmup, iterations, threads, batch, settle, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var files = parse.GetValue(images)!
                .SelectMany(source => ImageSources.Resolve(source, recursive: true, Environment.CurrentDirectory).Files)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var checkpoint = parse.GetValue(weights);
            var inputs = new InputFiles().AddOption("--model", parse.GetValue(model)!.FullName);
            if (checkpoint is not null)
            {
                inputs.AddOption("--weights", TrainedWeights.ResolveCheckpoint(checkpoint));
            }

            foreach (var image in files)
            {
                inputs.Add(image, "an --images image");
            }

            inputs.RefuseOutput("--json", parse.GetValue(json)?.FullName, "the measurements");
            var options = new InferenceBenchmarkOptions(
                parse.GetValue(model)!.FullName,
                checkpoint,
                files,
                parse.GetValue(warmup),
                parse.GetValue(iterations),
                parse.GetValue(threads),
                parse.GetValue(batch),
                parse.GetValue(settle));
            var result = InferenceBenchmark.Run(options, line => AnsiConsole.MarkupLine(Markup.Escape(line)));
            InferenceBenchmarkPrinter.Print(result);
            if (parse.GetValue(json) is { } file)
            {
                AtomicFile.WriteAllText(file.FullName, JsonSerializer.Serialize(result, Json));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string PerTask(Func<TrainingBenchmarkOptions, string> value) =>
        string.Join(", ", BenchmarkSubjects.Names.Select(t => $"{value(BenchmarkSubjects.Defaults(t))} for {t}"));
}
