using System.Runtime;
using System.Runtime.InteropServices;
using Fracture.Inference;
using Fracture.Server.Inputs;
using Fracture.Server.Models;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Fracture.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fracture.Server.Benchmarks;

/// <summary>
/// What one prediction request costs without HTTP, under the same closed-loop load an HTTP tool puts on the server
/// (scripts/bench-server.sh runs both): the models are loaded as the server loads them and each call does what a
/// request does after its body is read, either only the work (<see cref="PredictionLoadMode.Predictor"/>) or
/// everything the server's <see cref="PredictionService"/> does (<see cref="PredictionLoadMode.Service"/>), so the
/// cost of storage and the cost of HTTP show separately.
/// </summary>
public static class PredictionLoadBenchmark
{
    /// <param name="say">Progress lines (one per level), or null.</param>
    /// <exception cref="LoadBenchmarkException">A bad option, or the server would refuse the image or fail on it.</exception>
    /// <exception cref="ServerStartupException">The models folder cannot be served.</exception>
    public static PredictionLoadReport Run(PredictionLoadOptions options, Action<string>? say = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var image = File.ReadAllBytes(options.ImagePath);
        var loadAverage = ReadLoadAverage();
        var serverOptions = new ServerOptions { IntraOpThreads = options.IntraOpThreads, FlipFusion = options.FlipFusion, Iou = options.Iou, DefaultConfidence = options.Confidence };
        using var catalog = ModelCatalog.Load(options.ModelsDirectory, serverOptions.ToPredictorOptions());
        var models = Select(catalog, options.Task);
        var decoder = new UploadDecoder(new GdcmDicomDecoder());
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"fracture-load-{Guid.NewGuid():N}");
        try
        {
            using var store = new PredictionStore(Path.Combine(dataDirectory, "fracture.db"));
            var service = new PredictionService(
                catalog,
                decoder,
                new PredictionArchive(store, new ImageStore(Path.Combine(dataDirectory, "images")), NullLogger<PredictionArchive>.Instance, RetentionPolicy.KeepAll, TimeProvider.System),
                Microsoft.Extensions.Options.Options.Create(serverOptions),
                TimeProvider.System,
                NullLogger<PredictionService>.Instance);
            var fileName = Path.GetFileName(options.ImagePath);

            // What each mode's call returns is its number of findings, checked once before any load.
            var calls = new Dictionary<PredictionLoadMode, Func<int>>
            {
                [PredictionLoadMode.Predictor] = () =>
                {
                    var decoded = decoder.Decode(image, serverOptions.MaxPixels);
                    return models.Sum(m => m.Predictor.Predict(decoded.Image, PredictionService.SettingsFor(m, serverOptions.DefaultConfidence, serverOptions.FlipFusion, serverOptions.Iou)).Findings.Count);
                },
                [PredictionLoadMode.Service] = () =>
                    service.Create(new Upload(image, fileName, options.Task, null), CancellationToken.None).Findings.Count,
            };
            var findings = options.Modes.Distinct().ToDictionary(Name, mode => FirstCall(calls[mode], options.ImagePath));
            var levels = new List<LoadLevel>();
            foreach (var concurrency in options.Concurrency)
            {
                foreach (var mode in options.Modes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var call = calls[mode];
                    var level = LoadRunner.Run(Name(mode), concurrency, options.Warmup, options.Duration, () => call(), cancellationToken);
                    say?.Invoke($"{level.Mode} x{concurrency}: {level.Requests} calls, {level.RequestsPerSecond:0.0}/s, p50 {level.P50Ms:0.0} ms, p99 {level.P99Ms:0.0} ms, {level.Errors} errors");
                    levels.Add(level);
                }
            }

            return new PredictionLoadReport(
                Path.GetFullPath(options.ModelsDirectory),
                [.. models.Select(m => m.Id)],
                Path.GetFullPath(options.ImagePath),
                image.LongLength,
                PredictionBuilder.TaskName(options.Task),
                options.Warmup.TotalSeconds,
                options.Duration.TotalSeconds,
                findings,
                Environment.ProcessorCount,
                GCSettings.IsServerGC,
                options.IntraOpThreads,
                options.FlipFusion,
                options.Confidence,
                options.Iou,
                loadAverage,
                RuntimeInformation.FrameworkDescription,
                Predictor.RuntimeVersion,
                levels);
        }
        finally
        {
            if (options.DataDirectory is null)
            {
                DeleteQuietly(dataDirectory);
            }
        }
    }

    /// <summary>The mode's name in reports and on the command line.</summary>
    public static string Name(PredictionLoadMode mode) => mode.ToString().ToLowerInvariant();

    private static List<LoadedModel> Select(ModelCatalog catalog, PredictionTask task)
    {
        try
        {
            return PredictionService.Select(catalog, task);
        }
        catch (Errors.RequestProblemException e)
        {
            throw new LoadBenchmarkException(e.Message, e);
        }
    }

    private static int FirstCall(Func<int> call, string imagePath)
    {
        try
        {
            return call();
        }
        catch (Errors.RequestProblemException e)
        {
            throw new LoadBenchmarkException($"the server would refuse {imagePath} ({e.StatusCode} {e.Title}): {e.Message}", e);
        }
    }

    private static string ReadLoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg")
                ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))
                : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless; the figures are what matter.
        }
    }
}
