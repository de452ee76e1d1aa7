using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fracture.Core.IO;
using Fracture.Server.Benchmarks;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Spectre.Console;

namespace Fracture.Cli.Commands;

/// <summary>
/// `fracture bench predict`: the in-process side of scripts/bench-server.sh. N workers call what one prediction
/// request does, minus HTTP, back to back for a fixed time, so the script can set the server's throughput beside it.
/// </summary>
internal static class BenchPredictCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var defaults = new PredictionLoadOptions(string.Empty, string.Empty);
        var models = new Option<string?>("--models") { Description = "Folder of .onnx models, loaded as the server loads it (default: the repository's models/)." };
        var image = new Option<FileInfo>("--image") { Description = "The encoded image (JPEG, PNG, TIFF) every call decodes and predicts on.", Required = true };
        var task = new Option<string>("--task") { Description = "The request's task.", DefaultValueFactory = _ => PredictionBuilder.TaskName(defaults.Task) };
        task.AcceptOnlyFromAmong("detect", "classify", "segment", "all");
        var concurrency = new Option<int[]>("--concurrency")
        {
            Description = "Concurrent workers, one level per value.",
            DefaultValueFactory = _ => [.. defaults.Concurrency],
            AllowMultipleArgumentsPerToken = true,
        };
        var modes = new Option<string[]>("--modes")
        {
            Description = "predictor: decode and predict; service: the server's PredictionService (decode, predict, hash, store image and result).",
            DefaultValueFactory = _ => [.. defaults.Modes.Select(PredictionLoadBenchmark.Name)],
            AllowMultipleArgumentsPerToken = true,
        };
        modes.AcceptOnlyFromAmong([.. Enum.GetValues<PredictionLoadMode>().Select(PredictionLoadBenchmark.Name)]);
        var warmup = new Option<double>("--warmup") { Description = "Unmeasured seconds before each level.", DefaultValueFactory = _ => defaults.Warmup.TotalSeconds };
        var duration = new Option<double>("--duration") { Description = "Measured seconds of each level.", DefaultValueFactory = _ => defaults.Duration.TotalSeconds };
        var threads = new Option<int>("--threads") { Description = "Threads inside each model operator, as the server's IntraOpThreads (0: ONNX Runtime chooses).", DefaultValueFactory = _ => defaults.IntraOpThreads };
        var flipFusion = new Option<bool>("--flip-fusion") { Description = "Detectors and segmenters run with test-time mirror fusion, as the server's FlipFusion setting makes them (two model runs per call)." };
        var conf = new Option<double>("--conf") { Description = "Lowest finding confidence kept, as a request's conf (the web page sends 0.01; more findings, more outlines to trace).", DefaultValueFactory = _ => defaults.Confidence };
        var iou = new Option<double>("--iou") { Description = "Overlap above which a box model's same-class boxes are suppressed, as the server's Iou setting (0.7: Ultralytics' and fracture predict's).", DefaultValueFactory = _ => defaults.Iou };
        var data = new Option<string?>("--data") { Description = "Data folder of the service mode (default: a temp folder, deleted afterwards)." };
        var json = new Option<FileInfo?>("--json") { Description = "Write every level's figures and the machine's facts as JSON." };
        var command = new Command("predict", "In-process prediction throughput and latency under N concurrent callers (the server's work without HTTP).")
        {
            models, image, task, concurrency, modes, warmup, duration, threads, flipFusion, conf, iou, data, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new PredictionLoadOptions(ModelsDirectory(parse.GetValue(models)), parse.GetValue(image)!.FullName)
            {
                Task = UploadReader.ParseTask(parse.GetValue(task)),
                Concurrency = parse.GetValue(concurrency)!,
                Modes = [.. parse.GetValue(modes)!.Select(m => Enum.Parse<PredictionLoadMode>(m, ignoreCase: true))],
                Warmup = Seconds(parse.GetValue(warmup), "--warmup"),
                Duration = Seconds(parse.GetValue(duration), "--duration"),
                IntraOpThreads = parse.GetValue(threads),
                FlipFusion = parse.GetValue(flipFusion),
                Confidence = parse.GetValue(conf),
                Iou = parse.GetValue(iou),
                DataDirectory = parse.GetValue(data) is { } folder ? Path.GetFullPath(folder) : null,
            };
            var inputs = new InputFiles().AddOption("--image", options.ImagePath);
            foreach (var model in Directory.Exists(options.ModelsDirectory) ? Directory.EnumerateFiles(options.ModelsDirectory, "*.onnx") : [])
            {
                inputs.Add(model, "a model of --models");
            }

            inputs.RefuseOutput("--json", parse.GetValue(json)?.FullName, "the measurements");
            var report = PredictionLoadBenchmark.Run(options, line => AnsiConsole.MarkupLine(Markup.Escape(line)));
            Print(report);
            if (parse.GetValue(json) is { } file)
            {
                AtomicFile.WriteAllText(file.FullName, JsonSerializer.Serialize(report, Json));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string ModelsDirectory(string? given) =>
        ServerPaths.Resolve(new ServerOptions { ModelsDirectory = given }, [Environment.CurrentDirectory, AppContext.BaseDirectory]).ModelsDirectory;

    private static TimeSpan Seconds(double value, string option) =>
        double.IsFinite(value) && value is >= 0 and <= 86_400
            ? TimeSpan.FromSeconds(value)
            : throw new LoadBenchmarkException($"{option} must be a number of seconds between 0 and 86400 (was {value.ToString(CultureInfo.InvariantCulture)})");

    private static void Print(PredictionLoadReport report)
    {
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{report.Task} with {string.Join(", ", report.Models)} on {Path.GetFileName(report.Image)} ({report.ImageBytes} bytes); {report.Cores} cores (load {report.LoadAverage}), {(report.ServerGc ? "server" : "workstation")} GC,{(report.FlipFusion ? " mirror fusion," : string.Empty)} conf {report.Confidence.ToString(CultureInfo.InvariantCulture)}, NMS IoU {report.Iou.ToString(CultureInfo.InvariantCulture)}, ONNX Runtime {report.OnnxRuntimeVersion}; {report.DurationSeconds:0.#} s per level after {report.WarmupSeconds:0.#} s warm-up"));
        var table = new Table().AddColumns("mode", "clients", "requests", "requests/s", "p50 ms", "p99 ms", "max ms", "errors", "RSS MB", "peak RSS MB");
        foreach (var level in report.Levels)
        {
            table.AddRow(
                level.Mode,
                I(level.Concurrency),
                I(level.Requests),
                F(level.RequestsPerSecond),
                F(level.P50Ms),
                F(level.P99Ms),
                F(level.MaxMs),
                I(level.Errors),
                F(level.WorkingSetBytes / 1048576.0),
                F(level.PeakWorkingSetBytes / 1048576.0));
        }

        AnsiConsole.Write(table);
        if (report.Levels.FirstOrDefault(l => l.FirstError is not null) is { } failed)
        {
            CommandRunner.WriteWarning($"{failed.Mode} x{failed.Concurrency}: {failed.FirstError}");
        }
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
