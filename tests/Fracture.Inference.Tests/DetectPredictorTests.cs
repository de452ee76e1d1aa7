using Fracture.Core.Geometry;
using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// A 64x64 detector whose output is a constant block of 8 anchors (2 classes), run on a 200x100 image. Letterbox:
/// r = min(64/200, 64/100) = 0.32, content 64x32, top pad round(16 - 0.1) = 16, left 0; so an input box maps back as
/// x / 0.32 and (y - 16) / 0.32, clipped to 200x100.
/// </summary>
public sealed class DetectPredictorTests : IDisposable
{
    internal static readonly string[] Names = ["elbow", "wrist"];

    // cx, cy, w, h, p(elbow), p(wrist), in input pixels.
    private static readonly float[][] Anchors =
    [
        [16, 32, 16, 16, 0.9f, 0.05f], // a0: (8, 24)-(24, 40) elbow 0.9 -> (25, 25)-(75, 75)
        [17, 32, 16, 16, 0.8f, 0.1f],  // a1: (9, 24)-(25, 40) elbow 0.8: IoU with a0 240/272 = 0.88, suppressed at 0.7
        [17, 32, 16, 16, 0.1f, 0.85f], // a2: the same box as wrist 0.85: another class, kept -> (28.125, 25)-(78.125, 75)
        [40, 32, 8, 8, 0.2f, 0.1f],    // a3: (36, 28)-(44, 36) elbow 0.2, under 0.25 -> (112.5, 37.5)-(137.5, 62.5)
        [60, 50, 16, 8, 0.05f, 0.6f],  // a4: (52, 46)-(68, 54) clipped at x 64 -> (162.5, 93.75)-(200, 118.75) clipped at y 100
        [40, 40, 8, 8, 0.25f, 0f],     // a5: (36, 36)-(44, 44) elbow exactly 0.25: not above 0.25 -> (112.5, 62.5)-(137.5, 87.5)
        [30, 30, 4, 4, 0.01f, 0.02f],
        [30, 30, 4, 4, 0.01f, 0.02f],
    ];

    internal static readonly Finding A0 = new(0, "elbow", 0.9f, new PixelBox(25, 25, 75, 75));
    internal static readonly Finding A1 = new(0, "elbow", 0.8f, new PixelBox(28.125, 25, 78.125, 75));
    internal static readonly Finding A2 = new(1, "wrist", 0.85f, new PixelBox(28.125, 25, 78.125, 75));
    internal static readonly Finding A3 = new(0, "elbow", 0.2f, new PixelBox(112.5, 37.5, 137.5, 62.5));
    internal static readonly Finding A4 = new(1, "wrist", 0.6f, new PixelBox(162.5, 93.75, 200, 100));
    internal static readonly Finding A5 = new(0, "elbow", 0.25f, new PixelBox(112.5, 62.5, 137.5, 87.5));

    private readonly TempFolder _folder = new();

    [Fact]
    public void Ultralytics_defaults_keep_the_best_box_per_class_above_a_quarter_in_original_pixels()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 64, 64)));

        var prediction = predictor.Predict(TestImages.Solid(200, 100, 90));

        Assert.Equal(ModelTask.Detect, prediction.Task);
        Assert.Equal((200, 100), (prediction.Width, prediction.Height));
        AssertFindings([A0, A2, A4], prediction.Findings);
        Assert.Null(prediction.Classification);
        Assert.All(prediction.Findings, f => Assert.Null(f.Polygon));
    }

    [Fact]
    public void Flip_fusion_runs_the_mirror_image_and_fuses_the_two_views_boxes()
    {
        // A 100x100 image fills the 64x64 input (r = 0.64, no pad), so a mirrored-view box maps back to x -> 64 - x.
        // The constant outputs come back for the mirror image too. b0 (24, 8)-(40, 24) is its own mirror: fused, score
        // (0.8 + 0.8) / 2. b1 (4, 40)-(20, 56) and its mirror (44, 40)-(60, 56) do not overlap: 0.7 / 2 each, straight
        // first. b2 (46, 36)-(54, 44) and its mirror are seen once each too: 0.4 / 2 = 0.2, under the default confidence
        // 0.25, which applies to the fused scores as well: both gone (b2 is kept without fusion).
        float[][] anchors =
        [
            [32, 16, 16, 16, 0.8f, 0.01f],
            [12, 48, 16, 16, 0.01f, 0.7f],
            [50, 40, 8, 8, 0.4f, 0.01f],
        ];
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, anchors, TestModels.Ultralytics("detect", Names, 64, 64)));
        var image = TestImages.Solid(100, 100, 90);

        Assert.Equal(3, predictor.Predict(image).Findings.Count);
        var fused = predictor.Predict(image, new PredictSettings(FlipFusion: true)).Findings;

        Assert.Equal([(0, 0.8), (1, 0.35), (1, 0.35)], fused.Select(f => (f.ClassId, Math.Round(f.Score, 6))));
        Assert.Equal([new PixelBox(37.5, 12.5, 62.5, 37.5), new PixelBox(6.25, 62.5, 31.25, 87.5), new PixelBox(68.75, 62.5, 93.75, 87.5)], fused.Select(f => f.Box));
    }

    [Fact]
    public void Confidence_iou_and_the_cap_are_per_call()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 64, 64)));
        var image = TestImages.Solid(200, 100, 90);

        // a3 and a5 do not overlap (their boxes only touch), so both stay.
        AssertFindings([A0, A2, A4, A5, A3], predictor.Predict(image, new PredictSettings(Confidence: 0.1)).Findings);
        AssertFindings([A0, A2, A1, A4], predictor.Predict(image, new PredictSettings(Iou: 0.9)).Findings);
        AssertFindings([A0, A2], predictor.Predict(image, new PredictSettings(MaxDetections: 2)).Findings);
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(image, new PredictSettings(Confidence: 1.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(image, new PredictSettings(MaxDetections: -1)));
    }

    [Fact]
    public void Multi_label_makes_a_candidate_of_every_class_above_the_confidence()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 64, 64)));
        var image = TestImages.Solid(200, 100, 90);

        // At 0.09 three second-best classes clear the bar: a1's wrist 0.1 (a2's box, suppressed by a2's wrist 0.85),
        // a2's elbow 0.1 (a1's box, suppressed by a0's elbow: IoU 0.88) and a3's wrist 0.1, which nothing overlaps.
        var a3Wrist = A3 with { ClassId = 1, Name = "wrist", Score = 0.1f };
        AssertFindings([A0, A2, A4, A5, A3], predictor.Predict(image, new PredictSettings(Confidence: 0.09)).Findings);
        AssertFindings([A0, A2, A4, A5, A3, a3Wrist], predictor.Predict(image, new PredictSettings(Confidence: 0.09, MultiLabel: true)).Findings);
    }

    [Fact]
    public void A_fracture_model_uses_its_own_threshold_unless_the_call_gives_one()
    {
        var metadata = new ModelMetadata { Task = ModelTask.Detect, Names = Names, InputHeight = 64, InputWidth = 64, Threshold = 0.22, IsFracture = true };
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, Anchors, TestModels.Fracture(metadata)));
        var image = TestImages.Solid(200, 100, 90);

        Assert.Equal(0.22, predictor.Metadata.Threshold);
        AssertFindings([A0, A2, A4, A5], predictor.Predict(image).Findings);
        AssertFindings([A0, A2], predictor.Predict(image, new PredictSettings(Confidence: 0.7)).Findings);
    }

    [Fact]
    public void An_image_decoded_smaller_than_its_file_is_reported_in_the_files_pixels()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 64, 64)));
        var image = new Core.Imaging.DecodedImage(200, 100, Core.Imaging.PixelFormat.Gray8, new byte[200 * 100]) { SourceWidth = 400, SourceHeight = 200 };

        var prediction = predictor.Predict(image);

        Assert.Equal((400, 200), (prediction.Width, prediction.Height));
        AssertFindings([A0 with { Box = new PixelBox(50, 50, 150, 150) }, A2 with { Box = new PixelBox(56.25, 50, 156.25, 150) }, A4 with { Box = new PixelBox(325, 187.5, 400, 200) }], prediction.Findings);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Same findings in the same order; boxes to 1e-9 pixel (0.32 is not exact in binary), scores as the model's floats.</summary>
    internal static void AssertFindings(IReadOnlyList<Finding> expected, IReadOnlyList<Finding> actual)
    {
        Assert.Equal(expected.Select(f => (f.ClassId, f.Name, f.Score)), actual.Select(f => (f.ClassId, f.Name, f.Score)));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Box.X1, a.Box.X1, 1e-9);
            Assert.Equal(e.Box.Y1, a.Box.Y1, 1e-9);
            Assert.Equal(e.Box.X2, a.Box.X2, 1e-9);
            Assert.Equal(e.Box.Y2, a.Box.Y2, 1e-9);
        }
    }
}
