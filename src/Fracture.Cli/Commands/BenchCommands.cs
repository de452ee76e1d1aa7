using System.CommandLine;
using System.Text.Json;
using Fracture.Core.IO;
using Fracture.Training.Benchmarks;
using Fracture.Training.Tasks.Classify;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture bench ...`: measure speed (a benchmark, never a test).</summary>
internal static class BenchCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var bench = new Command("bench", "Measure training (and later inference) speed on this machine.");
        bench.Subcommands.Add(CreateTrain());
        return bench;
    }

    private static Command CreateTrain()
    {
        var defaults = new TrainingBenchmarkOptions();
        var model = new Option<string>("--model") { Description = "Classifier network.", DefaultValueFactory = _ => defaults.Model };
        model.AcceptOnlyFromAmong([.. ClassifierNetworks.Names]);
        var imageSize = new Option<int>("--imgsz") { Description = "Input size.", DefaultValueFactory = _ => defaults.ImageSize };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => defaults.Batch };
        var steps = new Option<int>("--steps") { Description = "Timed steps on random tensors.", DefaultValueFactory = _ => defaults.Steps };
        var data = new Option<FileInfo?>("--data") { Description = "data.yaml: also time whole epochs through the real data pipeline." };
        var images = new Option<int>("--epoch-images") { Description = "Images per timed epoch.", DefaultValueFactory = _ => defaults.EpochImages };
        var epochs = new Option<int>("--epochs") { Description = "Timed epochs (the first includes decoding).", DefaultValueFactory = _ => defaults.Epochs };
        var json = new Option<FileInfo?>("--json") { Description = "Write the measurements as JSON." };
        var command = new Command("train", "Training throughput: forward + backward + AdamW on random tensors, and whole epochs on real images.")
        {
            model, imageSize, batch, steps, data, images, epochs, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = defaults with
            {
                Model = parse.GetValue(model)!,
                ImageSize = parse.GetValue(imageSize),
                Batch = parse.GetValue(batch),
                Steps = parse.GetValue(steps),
                Data = parse.GetValue(data)?.FullName,
                EpochImages = parse.GetValue(images),
                Epochs = parse.GetValue(epochs),
            };
            var result = TrainingBenchmark.Run(options, line => AnsiConsole.MarkupLine(Markup.Escape(line)));
            AnsiConsole.MarkupLine($"[bold]{options.Model} {options.ImageSize}px batch {options.Batch}: {result.MedianStepSeconds:0.000} s/step, {result.StepImagesPerSecond:0.0} images/s[/]");
            if (parse.GetValue(json) is { } file)
            {
                AtomicFile.WriteAllText(file.FullName, JsonSerializer.Serialize(result, Json));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
