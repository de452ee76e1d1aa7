using System.CommandLine;
using Fracture.Cli.Predict;
using Fracture.Inference;
using Fracture.Inference.Output;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>`fracture predict`: run an ONNX model on image files and write annotated images, JSON and CSV.</summary>
internal static class PredictCommand
{
    /// <param name="environment">The model opener and consoles; default: ONNX Runtime and the process's streams.</param>
    public static Command Create(Func<PredictEnvironment>? environment = null)
    {
        environment ??= PredictEnvironment.Default;
        var settings = new PredictSettings();
        var model = new Option<string>("--model") { Description = "ONNX model file (from `fracture export`, or an Ultralytics export).", Required = true };
        var source = new Option<string>("--source") { Description = "An image file (JPEG, PNG, BMP, WebP, TIFF or DICOM), a folder of images, or a glob pattern in quotes (\"scans/**/*.jpg\").", Required = true };
        var recursive = new Option<bool>("--recursive") { Description = "With a folder source, include its subfolders." };
        var conf = new Option<double?>("--conf") { Description = "Lowest score kept (default: the model's own)." };
        var iou = new Option<double>("--iou") { Description = "NMS IoU threshold (models with NMS inside ignore it).", DefaultValueFactory = _ => settings.Iou };
        var maxDet = new Option<int>("--max-det") { Description = "Most findings per image.", DefaultValueFactory = _ => settings.MaxDetections };
        var save = new Option<string?>("--save") { Description = "Write one annotated PNG per image into this folder (input stem + .png; never over an input)." };
        var json = new Option<string?>("--json") { Description = "Write the predictions as JSON (the `eval detect --predictions` format) to this file." };
        var csv = new Option<string?>("--csv") { Description = "Write the predictions as CSV to this file." };
        var batch = new Option<int>("--batch") { Description = "Images per model call.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Threads inside each model operator (0: ONNX Runtime chooses).", DefaultValueFactory = _ => new PredictorOptions().IntraOpThreads };
        var flipFusion = new Option<bool>("--flip-fusion") { Description = "Detectors and segmenters: run each image's mirror image too and fuse the two views' boxes (weighted box fusion; each fused box's outline from its best member): test-time augmentation at twice the model's time." };
        var command = new Command("predict", "Run an ONNX model on images: findings (or a classification) per image, printed and written as JSON, CSV and annotated PNGs.")
        {
            model, source, recursive, conf, iou, maxDet, flipFusion, save, json, csv, batch, threads,
        };
        command.SetAction(parse =>
        {
            var env = environment();
            return CommandRunner.Run(
                () =>
                {
                    string? Full(string? path) => path is null ? null : Path.GetFullPath(path, env.WorkingDirectory);
                    var request = new PredictRequest
                    {
                        Model = Full(parse.GetValue(model))!,
                        Source = parse.GetValue(source)!,
                        Recursive = parse.GetValue(recursive),
                        Settings = new PredictSettings { Confidence = parse.GetValue(conf), Iou = parse.GetValue(iou), MaxDetections = parse.GetValue(maxDet), FlipFusion = parse.GetValue(flipFusion) },
                        IouGiven = parse.GetResult(iou) is { Implicit: false },
                        PredictorOptions = new PredictorOptions { IntraOpThreads = parse.GetValue(threads) },
                        Batch = parse.GetValue(batch),
                        SaveFolder = Full(parse.GetValue(save)),
                        JsonPath = Full(parse.GetValue(json)),
                        CsvPath = Full(parse.GetValue(csv)),
                    };
                    return Run(request, env);
                },
                env.Error);
        });
        return command;
    }

    private static int Run(PredictRequest request, PredictEnvironment env)
    {
        request.Validate();
        var sources = ImageSources.Resolve(request.Source, request.Recursive, env.WorkingDirectory);
        if (!File.Exists(request.Model))
        {
            throw new PredictInputException($"model not found: {request.Model}");
        }

        request.RefuseOverwritingInputs(sources);

        using var predictor = env.Open(request.Model, request.PredictorOptions);
        PredictSummaryPrinter.PrintModel(env.Out, request.Model, predictor.Metadata, request.Settings.Confidence);
        if (request.IouGiven && predictor.Metadata.EndToEnd == true)
        {
            env.Out.WriteLine("note: --iou does not apply: this model suppresses overlapping boxes itself (NMS inside, an end-to-end export)");
        }

        var outcome = ProgressReporter.Run(env.ErrorConsole, "predict", progress => new PredictJob(predictor, request).Run(sources, progress));
        PredictSummaryPrinter.Print(env.Out, env.Error, outcome, predictor.Metadata, request.Settings.Confidence ?? predictor.Metadata.Threshold);
        WriteFiles(request, outcome, env);
        if (outcome.SaveFailure is { } failure)
        {
            env.Error.WriteLine($"error: annotated PNGs stopped at {failure}; every prediction is in the other outputs");
        }

        return outcome.Skipped.Count > 0 || outcome.SaveFailure is not null ? ExitCodes.SomeInputsFailed : ExitCodes.Ok;
    }

    private static void WriteFiles(PredictRequest request, PredictOutcome outcome, PredictEnvironment env)
    {
        var named = outcome.Predicted.Select(p => new NamedPrediction(Path.GetFileName(p.Path), p.Prediction)).ToList();
        var skipped = outcome.Skipped.Select(s => new SkippedImage(Path.GetFileName(s.Path), s.Reason)).ToList();
        if (request.JsonPath is not null || request.CsvPath is not null)
        {
            // Rows name images by file name (as `eval detect` matches them), so two inputs named alike are ambiguous.
            var shared = named.GroupBy(n => n.Image, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (shared.Count > 0)
            {
                env.Error.WriteLine($"warning: {shared.Count} file name(s) occur in more than one folder (e.g. {shared[0]}); their rows cannot be told apart");
            }
        }

        if (request.JsonPath is { } jsonPath)
        {
            PredictionsJson.Write(jsonPath, named, skipped);
            env.Out.MarkupLine($"JSON written to [bold]{Markup.Escape(jsonPath)}[/]");
        }

        if (request.CsvPath is { } csvPath)
        {
            PredictionsCsv.Write(csvPath, named, skipped);
            env.Out.MarkupLine($"CSV written to [bold]{Markup.Escape(csvPath)}[/]");
        }

        if (request.SaveFolder is { } folder)
        {
            env.Out.MarkupLine($"{outcome.Predicted.Count(p => p.SavedTo is not null)} annotated images written to [bold]{Markup.Escape(folder)}[/]");
        }
    }
}
