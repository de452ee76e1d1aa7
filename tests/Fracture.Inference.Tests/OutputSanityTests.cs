using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// What a model computes is checked before it is believed: NaN or infinite outputs are an error, not a silent "no
/// fracture"; box class scores outside 0..1 are an error, not a score of 1.66; a box that lies in the letterbox's padding alone is no finding; a sliver image is refused by a
/// centre-cropping classifier before it costs a gigabyte.
/// </summary>
public sealed class OutputSanityTests : IDisposable
{
    private static readonly string[] Names = ["elbow", "wrist"];
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData(float.NaN, 0.9f)]
    [InlineData(16f, float.NaN)]
    [InlineData(16f, float.PositiveInfinity)]
    public void A_detector_that_computes_nan_or_infinity_is_an_error(float cx, float score)
    {
        float[][] anchors = [[cx, 32, 16, 16, score, 0.05f], [40, 32, 8, 8, 0.9f, 0.1f]];
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, anchors, TestModels.Ultralytics("detect", Names, 64, 64)));

        var error = Assert.Throws<ModelFormatException>(() => predictor.Predict(TestImages.Solid(200, 100, 90)));

        Assert.Contains("NaN or infinite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.660658f)]
    [InlineData(-0.2f)]
    public void A_box_model_whose_class_scores_are_not_probabilities_is_refused(float score)
    {
        // A genuine Ultralytics yolov8n export, its output statically quantised to uint8 afterwards, gave every box a
        // score of 0 or 1.660658 (one quantisation step), which was drawn as "bus 1.66" and "person 1.66".
        float[][] anchors = [[16, 32, 16, 16, score, 0f], [40, 32, 8, 8, 0f, 0f]];
        using var detector = TestModels.Open(_folder, TestModels.Detect(64, anchors, TestModels.Ultralytics("detect", Names, 64, 64)), "detect.onnx");
        float[][] segmentAnchors = [[16, 32, 16, 16, score, 0f, 1f], [40, 32, 8, 8, 0f, 0f, 1f]];
        using var segmenter = TestModels.Open(_folder, TestModels.Segment(64, segmentAnchors, new float[16], 1, 4, TestModels.Ultralytics("segment", Names, 64, 64)), "segment.onnx");

        foreach (var predictor in new[] { detector, segmenter })
        {
            var error = Assert.Throws<ModelFormatException>(() => predictor.Predict(TestImages.Solid(64, 64, 90)));
            Assert.Contains("sigmoid scores in 0..1", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(float.NaN, 0.5f)]
    [InlineData(float.PositiveInfinity, 0f)]
    public void A_classifier_that_computes_nan_or_infinity_is_an_error_not_a_negative(float first, float second)
    {
        var metadata = new ModelMetadata { Task = ModelTask.Classify, Names = ["no", "yes"], InputHeight = 32, InputWidth = 32, NegativeClass = 0, IsFracture = true, Threshold = 0.5 };
        using var predictor = TestModels.Open(_folder, TestModels.Classify(32, [first, second], false, TestModels.Fracture(metadata)));

        Assert.Throws<ModelFormatException>(() => predictor.Predict(TestImages.Solid(32, 32, 90)));
    }

    [Fact]
    public void A_box_in_the_letterbox_padding_alone_is_no_finding()
    {
        // 200x100 into 64x64: rows 0-15 of the input are padding. The first box (y 4..12) lies in it and would map to
        // the line y = 0 of the image; the second is real.
        float[][] anchors = [[32, 8, 20, 8, 0.9f, 0.05f], [40, 32, 8, 8, 0.8f, 0.1f]];
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, anchors, TestModels.Ultralytics("detect", Names, 64, 64)));

        var finding = Assert.Single(predictor.Predict(TestImages.Solid(200, 100, 90)).Findings);

        Assert.Equal(0.8, finding.Score, 6);
        Assert.True(finding.Box.Y2 > finding.Box.Y1);
    }

    [Fact]
    public void A_sliver_is_refused_by_a_centre_cropping_classifier_and_an_ordinary_image_is_not()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Classify(32, [0.1f, 0.9f], true, TestModels.Ultralytics("classify", ["no", "yes"], 32, 32)));
        var sliver = TestImages.Solid(20000, 1, 90);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => predictor.Predict(sliver));

        Assert.Equal(ImageDecodeError.UnsupportedShape, error.Error);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1_000_000, "the sliver was scaled before it was refused");
        Assert.NotNull(predictor.Predict(TestImages.Solid(300, 40, 90)).Classification);
    }

    public void Dispose() => _folder.Dispose();
}
