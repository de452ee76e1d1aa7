using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// Classifiers over 3 classes with logits (0, ln 2, ln 3): softmax (1, 2, 3) / 6 = (1/6, 1/3, 1/2), so the top class
/// is 2 at 0.5 and, with class 0 meaning "no fracture", the fracture probability is 5/6.
/// </summary>
public sealed class ClassifyPredictorTests : IDisposable
{
    private static readonly string[] Names = ["no fracture", "elbow", "wrist"];
    private static readonly float[] Logits = [0, MathF.Log(2), MathF.Log(3)];

    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData(true)]  // the graph ends in Softmax, as Fracture's and Ultralytics' exports do
    [InlineData(false)] // raw logits: the predictor applies the softmax
    public void A_fracture_classifier_gives_probabilities_top_class_and_the_call_at_its_threshold(bool softmaxInGraph)
    {
        var metadata = FractureMetadata(threshold: 0.6);
        using var predictor = TestModels.Open(_folder, TestModels.Classify(32, Logits, softmaxInGraph, TestModels.Fracture(metadata)));

        var prediction = predictor.Predict(TestImages.Solid(50, 40, 128));

        Assert.Equal(ModelTask.Classify, prediction.Task);
        Assert.Equal((50, 40), (prediction.Width, prediction.Height));
        Assert.Empty(prediction.Findings);
        var scores = prediction.Classification!;
        Assert.Equal(3, scores.Probabilities.Count);
        Assert.Equal(1 / 6.0, scores.Probabilities[0], 1e-6);
        Assert.Equal(1 / 3.0, scores.Probabilities[1], 1e-6);
        Assert.Equal((2, "wrist"), (scores.TopClass, scores.TopName));
        Assert.Equal(0.5, scores.TopScore, 1e-6);
        Assert.Equal(5 / 6.0, scores.FractureProbability!.Value, 1e-6);
        Assert.True(scores.IsFracture);
    }

    [Fact]
    public void The_call_can_move_the_threshold()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Classify(32, Logits, true, TestModels.Fracture(FractureMetadata(threshold: 0.9))));
        var image = TestImages.Solid(50, 40, 128);

        Assert.False(predictor.Predict(image).Classification!.IsFracture);
        Assert.True(predictor.Predict(image, new PredictSettings(Confidence: 0.8)).Classification!.IsFracture);
    }

    [Fact]
    public void Without_a_threshold_there_is_a_probability_but_no_call()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Classify(32, Logits, true, TestModels.Fracture(FractureMetadata(threshold: null))));

        var scores = predictor.Predict(TestImages.Solid(50, 40, 128)).Classification!;

        Assert.Equal(5 / 6.0, scores.FractureProbability!.Value, 1e-6);
        Assert.Null(scores.IsFracture);
    }

    [Fact]
    public void An_ultralytics_classifier_has_no_fracture_class_and_is_centre_cropped()
    {
        // Logits (0, 4 * mean of the input). The 300x100 image is black but for its middle third (white): the centre
        // crop to 32x32 keeps exactly that third (see CenterCropTests), so the mean is 1 and p = (1, e^4) / (1 + e^4).
        // A letterbox would have mixed in black and grey padding.
        var metadata = TestModels.Ultralytics("classify", ["normal", "fractured"], 32, 32);
        using var predictor = TestModels.Open(_folder, TestModels.Classify(32, [0, 0], true, metadata, gain: [0, 4]));
        var image = TestImages.Columns(300, 100, x => x is >= 100 and < 200 ? (byte)255 : (byte)0);

        var prediction = predictor.Predict(image);

        Assert.Equal(ResizeMode.CenterCrop, predictor.Metadata.Resize);
        Assert.Equal((300, 100), (prediction.Width, prediction.Height));
        var scores = prediction.Classification!;
        var e4 = Math.Exp(4);
        Assert.Equal(1 / (1 + e4), scores.Probabilities[0], 1e-6);
        Assert.Equal(e4 / (1 + e4), scores.Probabilities[1], 1e-6);
        Assert.Equal((1, "fractured"), (scores.TopClass, scores.TopName));
        Assert.Null(scores.FractureProbability);
        Assert.Null(scores.IsFracture);
    }

    [Fact]
    public void Probabilities_pass_through_and_logits_get_a_softmax()
    {
        Assert.Equal([0.25, 0.75], ClassifyPredictor.Probabilities([0.25f, 0.75f]));

        // Summing to 1 is not enough: negative values are logits. softmax(-1, 2) = (1, e^3) / (1 + e^3).
        var logits = ClassifyPredictor.Probabilities([-1f, 2f]);
        Assert.Equal(1 / (1 + Math.Exp(3)), logits[0], 1e-12);
        Assert.Equal(Math.Exp(3) / (1 + Math.Exp(3)), logits[1], 1e-12);
    }

    public void Dispose() => _folder.Dispose();

    private static ModelMetadata FractureMetadata(double? threshold) => new()
    {
        Task = ModelTask.Classify,
        Names = Names,
        InputHeight = 32,
        InputWidth = 32,
        NegativeClass = 0,
        Threshold = threshold,
        IsFracture = true,
    };
}
