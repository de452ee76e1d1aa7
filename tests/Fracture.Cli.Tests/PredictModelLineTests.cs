using Fracture.Cli.Tests.Support;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Cli.Tests;

/// <summary>`fracture predict`'s model line names the cut-off the run applies, also for a model without a threshold.</summary>
public sealed class PredictModelLineTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public PredictModelLineTests() => ImageFiles.Write(_temp.File("in/a.png"), 40, 30);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null, "detect, 1 classes (wrist), no threshold of its own: confidence 0.25 (Ultralytics' default; --conf sets another)")]
    [InlineData("0.4", "detect, 1 classes (wrist), no threshold of its own: --conf 0.40")]
    public void A_detector_without_a_threshold_says_which_confidence_applies(string? conf, string expected)
    {
        var detector = new FakePredictor(FakePredictor.Detector("wrist"), image => new ImagePrediction(ModelTask.Detect, image.Width, image.Height, [], null));
        string[] args = ["--model", Model(), "--source", "in", .. conf is null ? Array.Empty<string>() : ["--conf", conf]];

        var result = InProcessPredict.Run((_, _) => detector, _temp.Path, args);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains(expected, result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_classifier_without_a_threshold_says_it_gives_no_verdict()
    {
        var metadata = new ModelMetadata { Task = ModelTask.Classify, Names = ["no fracture", "wrist"], InputHeight = 64, InputWidth = 64, NegativeClass = 0 };
        var classifier = new FakePredictor(metadata, image => new ImagePrediction(ModelTask.Classify, image.Width, image.Height, [], new ClassScores([0.6, 0.4], 0, "no fracture", 0.6, 0.4, null)));

        var result = InProcessPredict.Run((_, _) => classifier, _temp.Path, "--model", Model(), "--source", "in");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("classify, 2 classes (no fracture, wrist), no threshold of its own: class scores without a fracture verdict (give --conf)", result.StdOut, StringComparison.Ordinal);
    }

    private string Model() => _temp.Write("model.onnx", "stand-in: the fake predictor never reads it");
}
