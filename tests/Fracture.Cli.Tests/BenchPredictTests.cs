using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture bench predict` for about a second on the shipped models and a fixture X-ray: it parses its options,
/// prints the table and writes the JSON scripts/bench-server.sh reads. Never a timing assertion.
/// </summary>
public sealed class BenchPredictTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Runs_both_modes_at_each_load_and_writes_the_json()
    {
        var json = _temp.File("load.json");
        var data = _temp.File("data/.keep");
        var image = RepoPaths.FixtureImages()[0];

        var result = CliRunner.Run(
            "bench", "predict", "--image", image, "--concurrency", "1", "2", "--warmup", "0.1", "--duration", "0.2", "--threads", "1",
            "--data", Path.GetDirectoryName(data)!, "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("requests/s", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("detect with fracture-detector on", result.StdOut, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(image, root.GetProperty("image").GetString());
        Assert.Equal(Path.Combine(RepoPaths.RepoRoot, "models"), root.GetProperty("modelsDirectory").GetString());
        Assert.Equal((0.1, 0.2), (root.GetProperty("warmupSeconds").GetDouble(), root.GetProperty("durationSeconds").GetDouble()));
        Assert.Equal(1, root.GetProperty("intraOpThreads").GetInt32());
        var levels = root.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal(
            ["predictor 1", "service 1", "predictor 2", "service 2"],
            levels.Select(l => $"{l.GetProperty("mode").GetString()} {l.GetProperty("concurrency").GetInt32()}"));
        Assert.All(levels, level =>
        {
            Assert.True(level.GetProperty("requests").GetInt64() > 0);
            Assert.Equal(0, level.GetProperty("errors").GetInt64());
            Assert.True(level.GetProperty("requestsPerSecond").GetDouble() > 0);
            Assert.True(level.GetProperty("p99Ms").GetDouble() >= level.GetProperty("p50Ms").GetDouble());
        });

        // The service mode wrote its history where --data said.
        Assert.True(File.Exists(_temp.File("data/fracture.db")));
    }

    [Fact]
    public void Flip_fusion_is_passed_on_and_recorded()
    {
        var json = _temp.File("load.json");

        var result = CliRunner.Run(
            "bench", "predict", "--image", RepoPaths.FixtureImages()[0], "--task", "segment", "--modes", "predictor", "--concurrency", "1",
            "--warmup", "0", "--duration", "0.2", "--flip-fusion", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("segment with fracture-segmenter on", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("mirror fusion,", result.StdOut, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(doc.RootElement.GetProperty("flipFusion").GetBoolean());
        Assert.Equal(0, Assert.Single(doc.RootElement.GetProperty("levels").EnumerateArray()).GetProperty("errors").GetInt64());
    }

    [Fact]
    public void The_confidence_and_suppression_iou_are_passed_on_and_recorded()
    {
        var json = _temp.File("load-iou.json");

        var result = CliRunner.Run(
            "bench", "predict", "--image", RepoPaths.FixtureImages()[0], "--task", "detect", "--modes", "predictor", "--concurrency", "1",
            "--warmup", "0", "--duration", "0.2", "--iou", "0.7", "--conf", "0.01", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("conf 0.01, NMS IoU 0.7,", result.StdOut, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(0.7, doc.RootElement.GetProperty("iou").GetDouble());
        Assert.Equal(0.01, doc.RootElement.GetProperty("confidence").GetDouble());
    }

    [Fact]
    public void An_unknown_mode_is_refused_by_the_parser()
    {
        var result = CliRunner.Run("bench", "predict", "--image", RepoPaths.FixtureImages()[0], "--modes", "http");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("Argument 'http' not recognized. Must be one of:", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_duration_is_one_line_and_exit_1()
    {
        var result = CliRunner.Run("bench", "predict", "--image", RepoPaths.FixtureImages()[0], "--duration", "-1");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal("error: --duration must be a number of seconds between 0 and 86400 (was -1)", result.StdErr.Trim());
    }
}
