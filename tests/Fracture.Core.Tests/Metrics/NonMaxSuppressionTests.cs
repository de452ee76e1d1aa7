using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public class NonMaxSuppressionTests
{
    private static ScoredBox Box(double x1, double y1, double x2, double y2, double score, int classId = 0) =>
        new(new PixelBox(x1, y1, x2, y2), score, classId);

    [Fact]
    public void Crowded_image_keeps_the_best_of_each_cluster()
    {
        ScoredBox[] boxes =
        [
            Box(0, 0, 10, 10, 0.9),    // 0: A
            Box(1, 0, 11, 10, 0.8),    // 1: IoU(A) = 90 / 110 = 0.818 -> suppressed by A
            Box(20, 20, 30, 30, 0.7),  // 2: IoU(4) = 90 / 110 -> suppressed by 4
            Box(0, 5, 10, 15, 0.6),    // 3: IoU(A) = 50 / 150 = 1/3 -> kept
            Box(21, 20, 31, 30, 0.95), // 4: highest score, kept first
        ];

        Assert.Equal([4, 0, 3], NonMaxSuppression.Apply(boxes, 0.5, 100));
    }

    [Fact]
    public void Different_classes_do_not_suppress_each_other_unless_agnostic()
    {
        ScoredBox[] boxes = [Box(0, 0, 10, 10, 0.6, classId: 0), Box(0, 0, 10, 10, 0.8, classId: 1)];

        Assert.Equal([1, 0], NonMaxSuppression.Apply(boxes, 0.5, 100));
        Assert.Equal([1], NonMaxSuppression.Apply(boxes, 0.5, 100, classAgnostic: true));
    }

    [Fact]
    public void Max_detections_caps_the_kept_boxes()
    {
        ScoredBox[] boxes = [Box(0, 0, 1, 1, 0.1), Box(5, 5, 6, 6, 0.3), Box(9, 9, 10, 10, 0.2)];

        Assert.Equal([1, 2], NonMaxSuppression.Apply(boxes, 0.5, 2));
        Assert.Empty(NonMaxSuppression.Apply(boxes, 0.5, 0));
    }

    [Fact]
    public void Iou_equal_to_the_threshold_is_kept()
    {
        // [0,4]x[0,4] and [1,5]x[0,4]: intersection 3 * 4 = 12, union 16 + 16 - 12 = 20 -> IoU 0.6.
        ScoredBox[] boxes = [Box(0, 0, 4, 4, 0.9), Box(1, 0, 5, 4, 0.8)];

        Assert.Equal([0, 1], NonMaxSuppression.Apply(boxes, 0.6, 100));
        Assert.Equal([0], NonMaxSuppression.Apply(boxes, 0.59, 100));
    }

    [Fact]
    public void Equal_scores_keep_the_earlier_index()
    {
        ScoredBox[] boxes = [Box(20, 0, 30, 10, 0.5), Box(0, 0, 10, 10, 0.7), Box(0, 0, 10, 10, 0.7)];

        // 1 and 2 tie at 0.7 and overlap fully: 1 (earlier) wins; 0 is separate.
        Assert.Equal([1, 0], NonMaxSuppression.Apply(boxes, 0.5, 100));
    }

    [Fact]
    public void Selector_overload_works_on_predictions()
    {
        DetectionPrediction[] preds =
        [
            new("a.jpg", 0, 0.4, new PixelBox(0, 0, 10, 10)),
            new("a.jpg", 0, 0.9, new PixelBox(1, 1, 10, 10)),
        ];

        // IoU = 81 / 100 = 0.81 > 0.45 -> only the 0.9 box survives.
        Assert.Equal([1], NonMaxSuppression.Apply(preds, p => new ScoredBox(p.Box, p.Score, p.ClassId), 0.45, 300));
    }
}
