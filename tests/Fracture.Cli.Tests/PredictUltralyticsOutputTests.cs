using Fracture.Cli.Tests.Support;
using Fracture.Cli.Validation;
using Fracture.Core;
using Fracture.Core.Geometry;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Cli.Tests;

/// <summary>
/// What `predict` and `val --model` print for Ultralytics models: a note that --iou does not apply to one with NMS
/// inside; an 80-class model's names cut short and only the classes found in the totals; and, for a model trained on
/// other data, a refusal that says so rather than hinting at a --profile.
/// </summary>
public sealed class PredictUltralyticsOutputTests : IDisposable
{
    private static readonly string[] Coco =
    [
        "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", .. Enumerable.Range(8, 71).Select(i => $"class {i}"), "toothbrush",
    ];

    private readonly TempFolder _temp = new();

    public PredictUltralyticsOutputTests() => ImageFiles.Write(_temp.File("in/a.png"), 40, 30);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Iou_given_to_a_model_with_nms_inside_gets_a_one_line_note(bool endToEnd, bool iouGiven, bool noted)
    {
        var detector = new FakePredictor(FakePredictor.Detector("wrist") with { EndToEnd = endToEnd }, image => new ImagePrediction(ModelTask.Detect, image.Width, image.Height, []));
        string[] args = ["--model", Model(), "--source", "in", .. iouGiven ? ["--iou", "0.5"] : Array.Empty<string>()];

        var result = InProcessPredict.Run((_, _) => detector, _temp.Path, args);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        const string Note = "note: --iou does not apply: this model suppresses overlapping boxes itself (NMS inside, an end-to-end export)";
        Assert.Equal(noted ? 1 : 0, result.StdOut.Split('\n').Count(line => line.Trim() == Note));
        Assert.Equal(endToEnd, result.StdOut.Contains("detect, 1 classes (wrist), NMS inside the model, no threshold of its own", StringComparison.Ordinal));
    }

    [Fact]
    public void An_80_class_model_lists_a_few_names_and_totals_only_the_classes_found()
    {
        Finding Found(int id) => new(id, Coco[id], 0.9, new PixelBox(1, 1, 9, 9));
        var detector = new FakePredictor(FakePredictor.Detector(Coco), image => new ImagePrediction(ModelTask.Detect, image.Width, image.Height, [Found(0), Found(0), Found(5)]));

        var result = InProcessPredict.Run((_, _) => detector, _temp.Path, "--model", Model(), "--source", "in");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("detect, 80 classes (person, bicycle, car, motorcycle, airplane, ...), no threshold of its own", result.StdOut, StringComparison.Ordinal);
        var totals = result.StdOut[result.StdOut.IndexOf("findings", StringComparison.Ordinal)..];
        Assert.Matches(@"person\s+│ 2\s+│ 1", totals);
        Assert.Matches(@"bus\s+│ 1\s+│ 1", totals);
        Assert.Matches(@"\(78 other classes\)\s+│ 0\s+│ 0", totals);
        Assert.DoesNotContain("toothbrush", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("bicycle ", totals, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_few_classes_still_totals_every_class()
    {
        var detector = new FakePredictor(FakePredictor.Detector("elbow", "wrist"), image => new ImagePrediction(ModelTask.Detect, image.Width, image.Height, []));

        var result = InProcessPredict.Run((_, _) => detector, _temp.Path, "--model", Model(), "--source", "in");

        Assert.Matches(@"elbow\s+│ 0\s+│ 0", result.StdOut);
        Assert.Matches(@"wrist\s+│ 0\s+│ 0", result.StdOut);
        Assert.DoesNotContain("other classes", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Val_of_a_model_trained_on_other_data_says_so_and_not_to_pass_a_profile(bool withProfile)
    {
        var predictor = new FakePredictor(FakePredictor.Detector(Coco), image => new ImagePrediction(ModelTask.Detect, image.Width, image.Height, []));

        var error = Assert.Throws<FractureException>(() => OnnxValidationRun.With("coco.onnx", predictor, ModelTask.Detect, RepoPaths.FixtureYaml, withProfile ? RepoPaths.Profile : null, DetectData.ClassNamesFor));

        var dataset = withProfile
            ? "6 (elbow fracture, fingers fracture, forearm fracture, humerus fracture, shoulder fracture, ...)"
            : "7 (elbow positive, fingers positive, forearm fracture, humerus fracture, humerus, ...)";
        Assert.Equal(
            $"the model's 80 classes (person, bicycle, car, motorcycle, airplane, ...) are not this dataset's {dataset}: it was trained on other data; score it on that data (its data.yaml), or score a model trained on this dataset",
            error.Message);
        Assert.True(predictor.Disposed);
    }

    private string Model() => _temp.Write("model.onnx", "stand-in: the fake predictor never reads it");
}
