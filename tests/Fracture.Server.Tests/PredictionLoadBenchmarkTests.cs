using System.Text.Json;
using Fracture.Server.Benchmarks;
using Fracture.Server.Predictions;
using Fracture.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fracture.Server.Tests;

/// <summary>
/// The in-process side of the load benchmark, on the shipped models and a fixture X-ray for fractions of a second:
/// both modes do a request's work (same findings), the service mode stores every call like the server does, and the
/// report has the fields scripts/bench-server.sh reads. No timing assertions.
/// </summary>
public sealed class PredictionLoadBenchmarkTests : IDisposable
{
    private static readonly string[] LevelKeys =
        ["mode", "concurrency", "warmupRequests", "requests", "errors", "seconds", "requestsPerSecond", "p50Ms", "p99Ms", "maxMs", "meanMs", "workingSetBytes", "peakWorkingSetBytes"];

    // As `fracture bench predict --json` writes it.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Both_modes_run_at_every_load_without_errors_and_the_service_stores_every_call()
    {
        var options = new PredictionLoadOptions(TestPaths.Models, TestPaths.FixtureImages[0])
        {
            Concurrency = [1, 2],
            Warmup = TimeSpan.FromMilliseconds(100),
            Duration = TimeSpan.FromMilliseconds(300),
            DataDirectory = _data.Path,
        };
        var lines = new List<string>();

        var report = PredictionLoadBenchmark.Run(options, lines.Add);

        Assert.Equal(["predictor 1", "service 1", "predictor 2", "service 2"], report.Levels.Select(l => $"{l.Mode} {l.Concurrency}"));
        Assert.Equal(4, lines.Count);
        Assert.All(report.Levels, level =>
        {
            Assert.True(level.Requests > 0, $"{level.Mode} x{level.Concurrency}: no measured call");
            Assert.Equal(0, level.Errors);
            Assert.Null(level.FirstError);
            Assert.True(level.RequestsPerSecond > 0);
            Assert.True(level.P50Ms <= level.P99Ms && level.P99Ms <= level.MaxMs);
        });
        Assert.Equal("detect", report.Task);
        Assert.Equal(["fracture-detector"], report.Models);
        Assert.Equal(new FileInfo(TestPaths.FixtureImages[0]).Length, report.ImageBytes);

        // Both modes do the same work: the same findings for the same image.
        Assert.Equal(report.Findings["predictor"], report.Findings["service"]);

        // Every service call (the untimed first one, warm-up and measured) is a row; the image is stored once.
        var serviceCalls = 1 + report.Levels.Where(l => l.Mode == "service").Sum(l => l.WarmupRequests + l.Requests);
        Assert.Equal(serviceCalls, CountRows(Path.Combine(_data.Path, "fracture.db")));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_data.Path, "images"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_report_serialises_with_the_fields_the_script_reads()
    {
        var report = PredictionLoadBenchmark.Run(OneShortLevel(TestPaths.FixtureImages[0]));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, Json));

        var level = Assert.Single(json.RootElement.GetProperty("levels").EnumerateArray());
        Assert.All(LevelKeys, key => Assert.True(level.TryGetProperty(key, out _), key));
        Assert.Equal("predictor", level.GetProperty("mode").GetString());
        var root = json.RootElement;
        Assert.Contains(root.GetProperty("serverGc").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.True(root.GetProperty("cores").GetInt32() >= 1);
        Assert.Equal("detect", root.GetProperty("task").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("findings").GetProperty("predictor").ValueKind);
        Assert.All(new[] { "image", "modelsDirectory", "loadAverage", "runtime", "onnxRuntimeVersion" }, key => Assert.Equal(JsonValueKind.String, root.GetProperty(key).ValueKind));
    }

    [Fact]
    public void With_flip_fusion_every_call_finds_what_the_fused_predictor_finds_and_the_report_says_so()
    {
        var options = new PredictionLoadOptions(TestPaths.Models, TestPaths.FixtureImages[0])
        {
            Concurrency = [1],
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromMilliseconds(100),
            DataDirectory = _data.Path,
            FlipFusion = true,
        };

        var report = PredictionLoadBenchmark.Run(options);

        var decoded = Fracture.Core.Imaging.ImageDecoder.Decode(File.ReadAllBytes(TestPaths.FixtureImages[0]));
        var detector = SharedModels.Catalog.For(Fracture.Core.Models.ModelTask.Detect)!;
        var defaults = new Options.ServerOptions();
        int Count(bool flip) => detector.Predictor.Predict(decoded, PredictionService.SettingsFor(detector, defaults.DefaultConfidence, flip, defaults.Iou)).Findings.Count;
        Assert.NotEqual(Count(false), Count(true));
        Assert.Equal(Count(true), report.Findings["predictor"]);
        Assert.Equal(Count(true), report.Findings["service"]);
        Assert.True(report.FlipFusion);
        Assert.All(report.Levels, level => Assert.Equal(0, level.Errors));
    }

    [Fact]
    public void Every_call_suppresses_at_the_set_iou_and_the_report_says_which()
    {
        // The DICOM fixture's segmenter boxes overlap by 0.5-0.7 at the threshold (the stack the page drew at 0.7).
        var bytes = File.ReadAllBytes(TestPaths.DicomFixture);
        var defaults = new Options.ServerOptions();
        var decoded = new Inputs.UploadDecoder(new Inputs.GdcmDicomDecoder()).Decode(bytes, defaults.MaxPixels).Image;
        var segmenter = SharedModels.Catalog.For(Fracture.Core.Models.ModelTask.Segment)!;
        int Count(double iou) => segmenter.Predictor.Predict(decoded, PredictionService.SettingsFor(segmenter, defaults.DefaultConfidence, false, iou)).Findings.Count;
        PredictionLoadReport Run(double? iou)
        {
            var options = OneShortLevel(TestPaths.DicomFixture) with { Task = PredictionTask.Segment };
            return PredictionLoadBenchmark.Run(iou is { } set ? options with { Iou = set } : options);
        }

        var byDefault = Run(null);
        var ultralytics = Run(0.7);

        var (atDefault, at07) = (Count(defaults.Iou), Count(0.7));
        Assert.Equal(0.5, defaults.Iou);
        Assert.True(atDefault < at07, $"{atDefault} findings at 0.5, {at07} at 0.7");
        Assert.Equal(defaults.Iou, byDefault.Iou);
        Assert.Equal(atDefault, byDefault.Findings["predictor"]);
        Assert.Equal(0.7, ultralytics.Iou);
        Assert.Equal(at07, ultralytics.Findings["predictor"]);
    }

    [Fact]
    public void Every_call_keeps_the_findings_at_the_set_confidence()
    {
        var report = PredictionLoadBenchmark.Run(OneShortLevel(TestPaths.FixtureImages[0]) with { Confidence = 0.01 });

        var decoded = Fracture.Core.Imaging.ImageDecoder.Decode(File.ReadAllBytes(TestPaths.FixtureImages[0]));
        var detector = SharedModels.Catalog.For(Fracture.Core.Models.ModelTask.Detect)!;
        var defaults = new Options.ServerOptions();
        int Count(double conf) => detector.Predictor.Predict(decoded, PredictionService.SettingsFor(detector, conf, false, defaults.Iou)).Findings.Count;
        var (at001, atDefault) = (Count(0.01), Count(defaults.DefaultConfidence));
        Assert.True(at001 > atDefault, $"{at001} findings at 0.01, {atDefault} at the default");
        Assert.Equal(at001, report.Findings["predictor"]);
        Assert.Equal(0.01, report.Confidence);
    }

    [Theory]
    [InlineData(-0.1, 0.5, "the confidence must be between 0 and 1 (was -0.1)")]
    [InlineData(1.5, 0.5, "the confidence must be between 0 and 1 (was 1.5)")]
    [InlineData(double.NaN, 0.5, "the confidence must be between 0 and 1 (was NaN)")]
    [InlineData(0.05, 0, "the suppression IoU must be above 0 and at most 1 (was 0)")]
    [InlineData(0.05, 1.5, "the suppression IoU must be above 0 and at most 1 (was 1.5)")]
    [InlineData(0.05, double.NaN, "the suppression IoU must be above 0 and at most 1 (was NaN)")]
    public void A_confidence_or_suppression_iou_out_of_range_is_refused(double conf, double iou, string message)
    {
        var options = new PredictionLoadOptions(TestPaths.Models, TestPaths.FixtureImages[0]) { Confidence = conf, Iou = iou };

        var error = Assert.Throws<LoadBenchmarkException>(() => PredictionLoadBenchmark.Run(options));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_image_the_server_would_refuse_stops_the_benchmark_with_the_reason()
    {
        var text = Path.Combine(_data.Path, "notes.txt");
        File.WriteAllText(text, "not an image");
        var options = new PredictionLoadOptions(TestPaths.Models, text) { Duration = TimeSpan.FromMilliseconds(100) };

        var error = Assert.Throws<LoadBenchmarkException>(() => PredictionLoadBenchmark.Run(options));

        Assert.Equal($"the server would refuse {text} (415 Unsupported image type): the file is not a JPEG, PNG, TIFF or DICOM image (judged from its bytes)", error.Message);
    }

    [Fact]
    public void A_task_without_a_model_is_refused_before_any_load()
    {
        var models = Directory.CreateDirectory(Path.Combine(_data.Path, "models")).FullName;
        File.Copy(Path.Combine(TestPaths.Models, "fracture-detector.onnx"), Path.Combine(models, "fracture-detector.onnx"));
        var options = new PredictionLoadOptions(models, TestPaths.FixtureImages[0]) { Task = PredictionTask.Classify };

        var error = Assert.Throws<LoadBenchmarkException>(() => PredictionLoadBenchmark.Run(options));

        Assert.Equal("no classify model is loaded (loaded: detect)", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Bad_concurrency_is_refused(int concurrency)
    {
        var options = new PredictionLoadOptions(TestPaths.Models, TestPaths.FixtureImages[0]) { Concurrency = [1, concurrency] };

        var error = Assert.Throws<LoadBenchmarkException>(() => PredictionLoadBenchmark.Run(options));

        Assert.Equal($"concurrency must be one or more whole numbers of at least 1 (was 1 {concurrency})", error.Message);
    }

    [Fact]
    public void Negative_intra_op_threads_are_refused()
    {
        var options = new PredictionLoadOptions(TestPaths.Models, TestPaths.FixtureImages[0]) { IntraOpThreads = -1 };

        var error = Assert.Throws<LoadBenchmarkException>(() => PredictionLoadBenchmark.Run(options));

        Assert.Equal("intra-op threads must be 0 (ONNX Runtime chooses) to 256 (was -1)", error.Message);
    }

    /// <summary>One client, the predictor mode, no warm-up, a tenth of a second: enough to check what a call finds.</summary>
    private static PredictionLoadOptions OneShortLevel(string image) => new(TestPaths.Models, image)
    {
        Concurrency = [1],
        Modes = [PredictionLoadMode.Predictor],
        Warmup = TimeSpan.Zero,
        Duration = TimeSpan.FromMilliseconds(100),
    };

    private static long CountRows(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM predictions";
        return (long)command.ExecuteScalar()!;
    }
}
