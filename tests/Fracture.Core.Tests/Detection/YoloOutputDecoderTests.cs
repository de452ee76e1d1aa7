using Fracture.Core.Detection;
using Fracture.Core.Geometry;

namespace Fracture.Core.Tests.Detection;

/// <summary>Hand-made [4 + C, A] outputs: 2 classes, 4 anchors, values chosen so every kept box is worked out by hand.</summary>
public sealed class YoloOutputDecoderTests
{
    // Rows: cx, cy, w, h, p(class 0), p(class 1); columns: anchors 0..3.
    // Anchor 0: box (0,0)-(20,20), class 0 0.9.  Anchor 1: the box moved by one pixel, (1,1)-(21,21) (IoU 0.82 with anchor 0), class 0 0.8,
    // class 1 0.6.  Anchor 2: far away box (50,50)-(70,90), class 1 0.7.  Anchor 3: below every threshold.
    private static readonly float[] Output =
    [
        10, 11, 60, 5,
        10, 11, 70, 5,
        20, 20, 20, 2,
        20, 20, 40, 2,
        0.9f, 0.8f, 0.0005f, 0.0001f,
        0.1f, 0.6f, 0.7f, 0.0002f,
    ];

    [Fact]
    public void Multi_label_keeps_every_class_above_the_threshold_then_suppresses_within_a_class()
    {
        var boxes = YoloOutputDecoder.Decode(Output, classes: 2, anchors: 4, confidence: 0.001, iouThreshold: 0.7, maxDetections: 300, multiLabel: true, width: 100, height: 100);

        // Class 0: anchor 1 (0.8) overlaps anchor 0 (0.9) with IoU 19*19/(400+400-361) = 0.822 > 0.7: suppressed.
        // Class 1: anchors 0 (0.1), 1 (0.6) and 2 (0.7); 0 and 1 overlap, so 0 goes; 2 is far from both.
        Assert.Equal([(0, 0.9), (1, 0.7), (1, 0.6)], boxes.Select(b => (b.ClassId, Math.Round(b.Score, 4))).ToArray());
        Assert.Equal(new PixelBox(0, 0, 20, 20), boxes[0].Box);
        Assert.Equal(new PixelBox(50, 50, 70, 90), boxes[1].Box);
    }

    [Fact]
    public void Single_label_takes_each_anchors_best_class()
    {
        var boxes = YoloOutputDecoder.Decode(Output, 2, 4, confidence: 0.25, iouThreshold: 0.7, maxDetections: 300, multiLabel: false, width: 100, height: 100);

        // Anchor 1's best class is 0 (0.8), suppressed by anchor 0; anchor 2 is class 1.
        Assert.Equal([(0, 0.9), (1, 0.7)], boxes.Select(b => (b.ClassId, Math.Round(b.Score, 4))).ToArray());
    }

    [Fact]
    public void Boxes_are_clipped_to_the_image_and_capped_in_number()
    {
        var boxes = YoloOutputDecoder.Decode(Output, 2, 4, confidence: 0.001, iouThreshold: 0.7, maxDetections: 1, multiLabel: true, width: 15, height: 100);

        Assert.Single(boxes);
        Assert.Equal(new PixelBox(0, 0, 15, 20), boxes[0].Box);
    }

    [Fact]
    public void Suppression_compares_the_boxes_as_predicted_and_clips_only_the_kept_ones()
    {
        // Two class-0 boxes over a 100-px-wide canvas's right edge, rows 0..50: A (80..120, 0.9) and B (85..200, 0.8).
        // As predicted they overlap by 35 of a 120-px union (IoU 0.29): both kept, as Ultralytics keeps them. Clipped
        // first (80..100 and 85..100) they would overlap by 15 of 20 (IoU 0.75 > 0.7) and B would go.
        float[] output =
        [
            100, 142.5f,
            25, 25,
            40, 115,
            50, 50,
            0.9f, 0.8f,
        ];

        var boxes = YoloOutputDecoder.Decode(output, classes: 1, anchors: 2, confidence: 0.25, iouThreshold: 0.7, maxDetections: 300, multiLabel: false, width: 100, height: 100);

        Assert.Equal([new PixelBox(80, 0, 100, 50), new PixelBox(85, 0, 100, 50)], boxes.Select(b => b.Box));
    }

    [Fact]
    public void A_block_of_the_wrong_size_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => YoloOutputDecoder.Decode(Output.AsSpan(1), 2, 4, 0.1, 0.7, 10, true, 100, 100));
        Assert.Contains("expected 24 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_rows_after_the_scores_are_skipped_and_each_kept_box_names_its_anchor()
    {
        // The same block with two rows of mask coefficients appended (a segmenter's layout).
        float[] withExtras = [.. Output, 1, 2, 3, 4, 5, 6, 7, 8];

        var kept = YoloOutputDecoder.DecodeAnchors(withExtras, classes: 2, extraRows: 2, anchors: 4, confidence: 0.25, iouThreshold: 0.7, maxDetections: 300, multiLabel: false, width: 100, height: 100);

        Assert.Equal([0, 2], kept.Select(k => k.Anchor).ToArray());
        Assert.Equal(YoloOutputDecoder.Decode(Output, 2, 4, 0.25, 0.7, 300, false, 100, 100), kept.Select(k => k.Detection).ToArray());
        Assert.Throws<ArgumentException>(() => YoloOutputDecoder.DecodeAnchors(Output, 2, 2, 4, 0.25, 0.7, 300, false, 100, 100));
    }
}
