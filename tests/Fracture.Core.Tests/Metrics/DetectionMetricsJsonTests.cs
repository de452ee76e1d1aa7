using System.Text.Json;
using Fracture.Core.Metrics;
using static Fracture.Core.Tests.Metrics.DetectionTestData;

namespace Fracture.Core.Tests.Metrics;

public sealed class DetectionMetricsJsonTests : IDisposable
{
    private static readonly string[] Names = ["elbow", "wrist"];

    private readonly string _dir = Directory.CreateTempSubdirectory("fracture-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DetectionMetrics Example()
    {
        var (gt, preds) = TwoImageExample();
        return DetectionEvaluator.Evaluate(gt, preds, new DetectionEvaluationOptions { ClassNames = Names });
    }

    [Fact]
    public void Metrics_file_has_the_cli_shape()
    {
        using var doc = JsonDocument.Parse(DetectionMetricsJson.Serialize(Example(), Names));
        var root = doc.RootElement;

        // Numbers from DetectionEvaluatorTests: mAP = 213/404, best confidence 0.6 with F1 2/3, P 7/12, R 5/6.
        Assert.Equal(213.0 / 404, root.GetProperty("map50").GetDouble(), 1e-12);
        Assert.Equal(213.0 / 404, root.GetProperty("map50_95").GetDouble(), 1e-12);
        Assert.Equal(7.0 / 12, root.GetProperty("precision").GetDouble(), 1e-12);
        Assert.Equal(5.0 / 6, root.GetProperty("recall").GetDouble(), 1e-12);
        Assert.Equal(2.0 / 3, root.GetProperty("f1").GetDouble(), 1e-12);
        Assert.Equal(0.6, root.GetProperty("confidence").GetDouble());
        Assert.Equal(2, root.GetProperty("images").GetInt32());

        var elbow = root.GetProperty("perClass")[0];
        Assert.Equal(0, elbow.GetProperty("id").GetInt32());
        Assert.Equal("elbow", elbow.GetProperty("name").GetString());
        Assert.Equal(56.0 / 101, elbow.GetProperty("ap50").GetDouble(), 1e-12);
        Assert.Equal(56.0 / 101, elbow.GetProperty("ap50_95").GetDouble(), 1e-12);
        Assert.Equal(3, elbow.GetProperty("instances").GetInt32());
        Assert.Equal(2.0 / 3, elbow.GetProperty("precision").GetDouble(), 1e-12);
        Assert.Equal(2.0 / 3, elbow.GetProperty("recall").GetDouble(), 1e-12);

        // a.jpg: the three objects found by their own class -> [0,0] = 2, [1,1] = 1.
        // b.jpg: the elbow detected as wrist -> [0,1] = 1; the elbow FP on empty space -> [background, 0] = 1.
        var confusion = root.GetProperty("confusion");
        Assert.Equal(["elbow", "wrist", "background"], confusion.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        var matrix = confusion.GetProperty("matrix").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal([[2, 1, 0], [0, 1, 0], [1, 0, 0]], matrix);
    }

    [Fact]
    public void Undefined_metrics_are_written_as_null()
    {
        // No object of class 1: its AP, precision and recall are NaN in memory and null in the file.
        var m = DetectionEvaluator.Evaluate(
            [Image("a.jpg", Gt(0, 0, 0, 10, 10))], [Pred("a.jpg", 0, 0.5, 0, 0, 10, 10)], new DetectionEvaluationOptions { ClassNames = Names });

        using var doc = JsonDocument.Parse(DetectionMetricsJson.Serialize(m, Names));
        var wrist = doc.RootElement.GetProperty("perClass")[1];

        Assert.Equal(JsonValueKind.Null, wrist.GetProperty("ap50").ValueKind);
        Assert.Equal(JsonValueKind.Null, wrist.GetProperty("recall").ValueKind);
        Assert.Equal(0, wrist.GetProperty("instances").GetInt32());
        Assert.Equal(1.0, doc.RootElement.GetProperty("map50").GetDouble());
    }

    [Fact]
    public void Write_replaces_the_file_and_leaves_no_temporary_behind()
    {
        var path = Path.Combine(_dir, "metrics.json");
        File.WriteAllText(path, "old");

        DetectionMetricsJson.Write(path, Example(), Names);

        Assert.Equal(DetectionMetricsJson.Serialize(Example(), Names), File.ReadAllText(path));
        Assert.Equal(["metrics.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_creates_a_missing_output_folder()
    {
        var path = Path.Combine(_dir, "no", "such", "metrics.json");

        DetectionMetricsJson.Write(path, Example(), Names);

        Assert.Equal(DetectionMetricsJson.Serialize(Example(), Names), File.ReadAllText(path));
    }

    [Fact]
    public void Write_below_a_file_is_a_fracture_error()
    {
        var blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "x");

        Assert.Throws<FractureException>(() => DetectionMetricsJson.Write(Path.Combine(blocker, "metrics.json"), Example(), Names));
    }

    [Fact]
    public void Names_must_match_the_classes()
    {
        Assert.Throws<ArgumentException>(() => DetectionMetricsJson.Serialize(Example(), ["elbow"]));
    }
}
