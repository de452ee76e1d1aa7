using Fracture.Core.Geometry;
using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>
/// Ultralytics exports with NMS inside (YOLO26 and YOLOv10 end to end, YOLOv8/YOLO11 with nms=True): output0 rows
/// [N, max_det, 6] = x1, y1, x2, y2 in input pixels, score, class id (segment: + 32 coefficients), best first, padded.
/// The detector is DetectPredictorTests' geometry: a 64x64 input, a 200x100 image, r = 0.32, top pad 16, so an input
/// box maps back as x / 0.32 and (y - 16) / 0.32, clipped to 200x100.
/// </summary>
public sealed class EndToEndPredictorTests : IDisposable
{
    private static readonly string[] Names = DetectPredictorTests.Names;

    // DetectPredictorTests' anchors as rows: x1, y1, x2, y2, score, class id (input pixels), best first, then an
    // nms=True export's zero padding. Each maps back to that test's finding of the same box, named alike.
    private static readonly float[][] Rows =
    [
        [8, 24, 24, 40, 0.9f, 0],     // A0
        [9, 24, 25, 40, 0.85f, 1],    // A2
        [9, 24, 25, 40, 0.8f, 0],     // A1: IoU 0.88 with A0, same class: the model kept it, so it stays
        [52, 46, 68, 54, 0.6f, 1],    // A4: clipped at input x 64, at y 100 in the image
        [36, 36, 44, 44, 0.25f, 0],   // A5: exactly 0.25, not above the default
        [36, 28, 44, 36, 0.2f, 0],    // A3
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
    ];

    private static readonly Finding R0 = DetectPredictorTests.A0;
    private static readonly Finding R1 = DetectPredictorTests.A2;
    private static readonly Finding R2 = DetectPredictorTests.A1;
    private static readonly Finding R3 = DetectPredictorTests.A4;
    private static readonly Finding R4 = DetectPredictorTests.A5;
    private static readonly Finding R5 = DetectPredictorTests.A3;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(true, false)] // YOLO26 / YOLOv10: end2end True
    [InlineData(false, true)] // YOLOv8 / YOLO11 exported with nms=True
    public void Rows_above_the_confidence_become_boxes_in_original_pixels_with_no_second_suppression(bool endToEnd, bool nms)
    {
        using var predictor = Open(TestModels.EndToEnd(64, Rows, TestModels.Ultralytics84("detect", Names, 64, endToEnd, nms)));
        var image = TestImages.Solid(200, 100, 90);

        var prediction = predictor.Predict(image);

        Assert.True(predictor.Metadata.EndToEnd);
        Assert.Equal((ModelTask.Detect, 200, 100), (prediction.Task, prediction.Width, prediction.Height));
        DetectPredictorTests.AssertFindings([R0, R1, R2, R3], prediction.Findings);
        DetectPredictorTests.AssertFindings([R0, R1, R2, R3, R4, R5], predictor.Predict(image, new PredictSettings(Confidence: 0.1)).Findings);

        // The zero rows are padding, never findings, even at confidence 0; the IoU is the model's business.
        DetectPredictorTests.AssertFindings([R0, R1, R2, R3, R4, R5], predictor.Predict(image, new PredictSettings(Confidence: 0, Iou: 0.1)).Findings);
        DetectPredictorTests.AssertFindings([R0, R1], predictor.Predict(image, new PredictSettings(MaxDetections: 2)).Findings);
    }

    [Fact]
    public void A_model_threshold_applies_as_to_a_raw_export()
    {
        var metadata = TestModels.Ultralytics84("detect", Names, 64, endToEnd: true, nms: false);
        metadata[ModelMetadata.ThresholdKey] = "0.7";
        using var predictor = Open(TestModels.EndToEnd(64, Rows, metadata));

        DetectPredictorTests.AssertFindings([R0, R1, R2], predictor.Predict(TestImages.Solid(200, 100, 90)).Findings);
    }

    [Fact]
    public void Segment_rows_outline_their_masks_exactly_as_the_raw_layout_does()
    {
        // SegmentPredictorTests' anchors as rows (cx, cy, w, h -> corners), then a padding row; its 128x64 image.
        float[][] anchors = [[16, 28, 24, 24, 0.9f, 1, 0], [48, 30, 16, 12, 0.8f, 0, 1], [44, 44, 8, 8, 0.7f, 0, -1], [10, 10, 4, 4, 0.01f, 0, 0]];
        float[][] rows = [[4, 16, 28, 40, 0.9f, 0, 1, 0], [40, 24, 56, 36, 0.8f, 0, 0, 1], [40, 40, 48, 48, 0.7f, 0, 0, -1], [8, 8, 12, 12, 0.01f, 0, 0, 0], new float[8]];
        var protos = SegmentPredictorTests.Prototypes();
        using var raw = Open(TestModels.Segment(64, anchors, protos, 2, 16, TestModels.Ultralytics("segment", ["fracture"], 64, 64)), "raw.onnx");
        using var predictor = Open(TestModels.EndToEnd(64, rows, TestModels.Ultralytics84("segment", ["fracture"], 64, endToEnd: true, nms: false), protos, 2, 16));
        var image = TestImages.Solid(128, 64, 200);

        var prediction = predictor.Predict(image);

        Assert.Equal([new PixelBox(8, 0, 56, 48), new PixelBox(80, 16, 112, 40), new PixelBox(80, 48, 96, 64)], prediction.Findings.Select(f => f.Box));
        Assert.Equal([P(19, 8), P(45, 8), P(48, 11), P(48, 37), P(45, 40), P(19, 40), P(16, 37), P(16, 11)], prediction.Findings[0].Polygon);
        Assert.Empty(prediction.Findings[2].Polygon!);
        Assert.Equal(Describe(raw.Predict(image)), Describe(prediction));

        // Mirror fusion, on a 64x64 image (each view's rows, the mirrored one's mapped back): no box overlaps its
        // mirror enough to fuse, so each keeps half its score, and the outlines are the raw layout's too.
        var square = TestImages.Solid(64, 64, 200);
        var fused = predictor.Predict(square, new PredictSettings(FlipFusion: true));
        Assert.Equal([0.45, 0.45, 0.4, 0.4, 0.35, 0.35], fused.Findings.Select(f => Math.Round(f.Score, 6)));
        Assert.Equal(Describe(raw.Predict(square, new PredictSettings(FlipFusion: true))), Describe(fused));
    }

    [Fact]
    public void Flip_fusion_fuses_each_view_s_rows()
    {
        // A 100x100 image fills the input (r = 0.64), so a mirrored-view box maps back to x -> 64 - x. (24, 8)-(40, 24)
        // is its own mirror: fused at (0.8 + 0.8) / 2. (4, 40)-(20, 56) and its mirror (44, 40)-(60, 56) are one view's
        // each: 0.7 / 2. The zero row stays padding in both views.
        float[][] rows = [[24, 8, 40, 24, 0.8f, 1], [4, 40, 20, 56, 0.7f, 0], [0, 0, 0, 0, 0, 0]];
        using var predictor = Open(TestModels.EndToEnd(64, rows, TestModels.Ultralytics84("detect", Names, 64, endToEnd: true, nms: false)));

        var fused = predictor.Predict(TestImages.Solid(100, 100, 90), new PredictSettings(FlipFusion: true));

        DetectPredictorTests.AssertFindings(
            [new(1, "wrist", 0.8, new PixelBox(37.5, 12.5, 62.5, 37.5)), new(0, "elbow", 0.35, new PixelBox(6.25, 62.5, 31.25, 87.5)), new(0, "elbow", 0.35, new PixelBox(68.75, 62.5, 93.75, 87.5))],
            [.. fused.Findings.Select(f => f with { Score = Math.Round(f.Score, 6) })]);
    }

    [Theory]
    [InlineData(null)]    // Ultralytics 8.3 and earlier wrote no end2end key
    [InlineData("False")] // 8.4 raw export
    public void A_raw_output_of_6_channels_and_300_anchors_is_read_as_anchors_not_rows(string? endToEnd)
    {
        // [1, 6, 300] with 2 classes: one anchor (8, 24)-(24, 40) elbow 0.9, the rest zeros.
        var anchors = Enumerable.Range(0, 300).Select(a => a == 0 ? new float[] { 16, 32, 16, 16, 0.9f, 0.05f } : new float[6]).ToArray();
        var metadata = endToEnd is null ? TestModels.Ultralytics("detect", Names, 64, 64) : TestModels.Ultralytics84("detect", Names, 64, endToEnd: false, nms: false);
        using var predictor = Open(TestModels.Detect(64, anchors, metadata));

        Assert.False(predictor.Metadata.EndToEnd);
        DetectPredictorTests.AssertFindings([R0], predictor.Predict(TestImages.Solid(200, 100, 90)).Findings);
    }

    [Fact]
    public void Rows_are_recognised_by_shape_when_the_metadata_does_not_say_and_by_the_metadata_when_it_does()
    {
        // An older YOLOv10 export ([1, 300, 6], no end2end key) is rows: 300 is not 4 + 2 classes.
        var padded = Rows.Concat(Enumerable.Range(0, 292).Select(_ => new float[6])).ToArray();
        using (var predictor = Open(TestModels.EndToEnd(64, padded, TestModels.Ultralytics("detect", Names, 64, 64))))
        {
            Assert.True(predictor.Metadata.EndToEnd);
            DetectPredictorTests.AssertFindings([R0, R1, R2, R3], predictor.Predict(TestImages.Solid(200, 100, 90)).Findings);
        }

        // Metadata saying raw, or end to end, is believed: a shape of the other layout is refused, not reinterpreted.
        Refused(TestModels.EndToEnd(64, padded, TestModels.Ultralytics84("detect", Names, 64, endToEnd: false, nms: false)), "output 'output0' is float [batch, 300, 6]; a detect model with 2 class names outputs [N, 6, anchors]");
        var anchors = Enumerable.Range(0, 300).Select(_ => new float[6]).ToArray();
        Refused(TestModels.Detect(64, anchors, TestModels.Ultralytics84("detect", Names, 64, endToEnd: true, nms: false)), "output 'output0' is float [batch, 6, 300]; a detect model with 2 class names outputs [N, max_det, 6] (exported end to end");
    }

    [Fact]
    public void An_end_to_end_output_of_another_width_is_refused_in_one_line()
    {
        float[][] seven = [[8, 24, 24, 40, 0.9f, 0, 1]];
        Refused(TestModels.EndToEnd(64, seven, TestModels.Ultralytics84("detect", Names, 64, endToEnd: false, nms: true)), "output 'output0' is float [batch, 1, 7]; a detect model with 2 class names outputs [N, max_det, 6] (exported end to end, as its metadata says: x1, y1, x2, y2, score, class)");

        // A segmenter's rows must hold as many coefficients as there are prototypes (6 + 2 here, not 6 + 3).
        float[][] nine = [[4, 16, 28, 40, 0.9f, 0, 1, 0, 0]];
        Refused(TestModels.EndToEnd(64, nine, TestModels.Ultralytics84("segment", ["fracture"], 64, endToEnd: true, nms: false), SegmentPredictorTests.Prototypes(), 2, 16), "is float [batch, 1, 9] and 'output1' is float [batch, 2, 16, 16]; with 1 class names a segment model outputs [N, max_det, 6 + masks]");
    }

    [Fact]
    public void A_row_whose_class_is_not_a_class_id_is_refused_for_that_image()
    {
        float[][] rows = [[8, 24, 24, 40, 0.9f, 2]];
        using var predictor = Open(TestModels.EndToEnd(64, rows, TestModels.Ultralytics84("detect", Names, 64, endToEnd: true, nms: false)));

        var error = Assert.Throws<ModelFormatException>(() => predictor.Predict(TestImages.Solid(64, 64, 90)));

        Assert.EndsWith("output [1, 1, 6] row 0 has score 0.9 and class 2; an end-to-end row's score lies in 0..1 and its class is one of the 2 class ids", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("True", "{'batch': 1, 'nms': False}", true)]
    [InlineData("False", "{'batch': 1, 'half': False, 'nms': True, 'agnostic_nms': False}", true)]
    [InlineData("False", "{'batch': 1, 'nms': False, 'agnostic_nms': True}", false)]
    [InlineData(null, "{'batch': 1, 'dynamic': False}", null)]
    [InlineData(null, null, null)]
    public void The_metadata_says_end_to_end_as_Ultralytics_AutoBackend_reads_it(string? endToEnd, string? args, bool? expected)
    {
        var properties = TestModels.Ultralytics("detect", Names, 64, 64);
        if (endToEnd is not null)
        {
            properties[ModelMetadata.EndToEndKey] = endToEnd;
        }

        if (args is not null)
        {
            properties[ModelMetadata.ArgsKey] = args;
        }

        Assert.Equal(expected, ModelMetadata.Parse("m.onnx", properties).EndToEnd);
    }

    private static PixelPoint P(double x, double y) => new(x, y);

    private static string Describe(ImagePrediction prediction) =>
        string.Join("; ", prediction.Findings.Select(f => $"{f.ClassId} {f.Score:F6} {f.Box} [{string.Join(" ", f.Polygon ?? [])}]"));

    private IPredictor Open(Onnx.ModelProto model, string name = "model.onnx") => TestModels.Open(_folder, model, name);

    private void Refused(Onnx.ModelProto model, string problem)
    {
        var path = _folder.File("refused.onnx");
        OnnxGraphBuilder.Save(model, path);
        var error = Assert.Throws<ModelFormatException>(() => Predictor.Open(path));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
