using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>
/// `val detect --weights` scores boxes in letterboxed pixels, `--model` in pixels of the image file (the predictor's
/// frame). Both go through <see cref="DetectReportBuilder"/>; this shows the frame does not matter. Two images,
/// decoded shrunk as validation decodes them (long side 64) and letterboxed to 64 x 64: a 1001 x 667 file decodes to
/// 64 x 43 (43/667 is not 64/1001: the frames differ by a different scale per axis), a 480 x 800 one to 38 x 64.
/// </summary>
public sealed class DetectReportBuilderTests
{
    private static readonly string[] Names = ["elbow fracture", "wrist fracture"];

    private static readonly ImageCase[] Images =
    [
        new("a.jpg", 1001, 667, 64, 43, [new(0, new NormalizedBox(0.3, 0.4, 0.2, 0.3)), new(1, new NormalizedBox(0.7, 0.6, 0.25, 0.2))]),
        new("b.jpg", 480, 800, 38, 64, [new(0, new NormalizedBox(0.5, 0.3, 0.4, 0.2)), new(1, new NormalizedBox(0.4, 0.75, 0.3, 0.25))]),
    ];

    [Fact]
    public void Letterboxed_and_file_pixels_give_the_same_report()
    {
        var (truthLetterbox, boxesLetterbox) = Letterboxed();
        var truthFile = Images.Select(i => new ImageGroundTruth(i.Name, [.. i.Labels.Select(l => new GroundTruthBox(l.ClassId, l.Box.ToPixels(i.FileWidth, i.FileHeight)))])).ToArray();
        var boxesFile = Images.Select((image, k) => boxesLetterbox[k].Select(b => b with { Box = ToFile(b.Box, image) }).ToArray()).ToArray();

        var letterbox = DetectReportBuilder.Build(Names, truthLetterbox, boxesLetterbox, DetectEvaluationSettings.Default);
        var file = DetectReportBuilder.Build(Names, truthFile, boxesFile, DetectEvaluationSettings.Default);

        // Not a trivial case: some boxes match at some IoU thresholds only, and a confident false positive costs AP.
        Assert.InRange(letterbox.Boxes.Map50To95, 0.2, 0.8);
        Assert.InRange(letterbox.Boxes.Map50, 0.2, 0.99);
        AssertSame(letterbox, file);
    }

    [Fact]
    public void Control_the_report_does_see_a_change_of_box_shape()
    {
        var (truth, boxes) = Letterboxed();
        var wider = boxes.Select(list => list.Select(b => b with { Box = b.Box with { X2 = b.Box.X2 + ((b.Box.X2 - b.Box.X1) * 0.1) } }).ToArray()).ToArray();

        var before = DetectReportBuilder.Build(Names, truth, boxes, DetectEvaluationSettings.Default);
        var after = DetectReportBuilder.Build(Names, truth, wider, DetectEvaluationSettings.Default);

        Assert.NotEqual(before.Boxes.Map50To95, after.Boxes.Map50To95, 6);
    }

    [Fact]
    public void Fracture_present_is_the_best_box_score_and_an_image_without_boxes_scores_zero()
    {
        var truth = new[] { new ImageGroundTruth("a", [new GroundTruthBox(0, new PixelBox(0, 0, 10, 10))]), new ImageGroundTruth("b", []), new ImageGroundTruth("c", []) };
        var boxes = new[] { new[] { new ScoredBox(new PixelBox(0, 0, 10, 10), 0.4, 0), new ScoredBox(new PixelBox(20, 0, 30, 10), 0.7, 1) }, [new ScoredBox(new PixelBox(0, 0, 5, 5), 0.5, 0)], [] };

        var report = DetectReportBuilder.Build(Names, truth, boxes, DetectEvaluationSettings.Default with { Threshold = 0.6 });

        // Scores 0.7 (positive), 0.5 and 0 (negatives): AUC 1; at 0.6 both calls are right.
        var b = report.FracturePresent;
        Assert.Equal((1.0, 1.0, 1.0, 0.6, 1, 2), (b.Auc, b.Sensitivity, b.Specificity, b.Threshold, b.Positives, b.Negatives));
        Assert.Equal(3, report.Images);
        Assert.Throws<ArgumentException>(() => DetectReportBuilder.Build(Names, truth, boxes[..2], DetectEvaluationSettings.Default));
    }

    /// <summary>
    /// Truth in letterboxed pixels (as DetectData makes it), and predictions there: each object found twice, once
    /// close and once shifted further (IoU 0.5 to 0.9), plus a confident false positive per image, all inside the
    /// image's part of the canvas (the predictor clips at the image's edge, validation at the canvas's).
    /// </summary>
    private static (ImageGroundTruth[] Truth, ScoredBox[][] Boxes) Letterboxed()
    {
        var truth = new ImageGroundTruth[Images.Length];
        var boxes = new ScoredBox[Images.Length][];
        for (var k = 0; k < Images.Length; k++)
        {
            var image = Images[k];
            var letterbox = Letterbox.Plan(image.DecodedWidth, image.DecodedHeight, 64, 64);
            var objects = image.Labels.Select(l => new GroundTruthBox(l.ClassId, letterbox.ToTarget(l.Box.ToPixels(image.DecodedWidth, image.DecodedHeight)))).ToArray();
            truth[k] = new ImageGroundTruth(image.Name, objects);
            var found = new List<ScoredBox>();
            for (var o = 0; o < objects.Length; o++)
            {
                var box = objects[o].Box;
                var (w, h) = (box.X2 - box.X1, box.Y2 - box.Y1);
                found.Add(new ScoredBox(Shift(box, 0.04 * (k + o + 1) * w, -0.03 * h), 0.9 - (0.1 * o) - (0.05 * k), objects[o].ClassId));
                found.Add(new ScoredBox(Shift(box, 0.12 * w, 0.1 * (o + 1) * h), 0.5 - (0.1 * o), objects[o].ClassId));
            }

            var content = letterbox.ToTarget(new PixelBox(0, 0, image.DecodedWidth, image.DecodedHeight));
            found.Add(new ScoredBox(new PixelBox(content.X1 + 2, content.Y2 - 8, content.X1 + 8, content.Y2 - 2), 0.95, k % 2));
            boxes[k] = [.. found];
        }

        return (truth, boxes);
    }

    private static PixelBox Shift(PixelBox box, double dx, double dy) => new(box.X1 + dx, box.Y1 + dy, box.X2 + dx, box.Y2 + dy);

    /// <summary>What the predictor does with a box of the model input: back through the letterbox, then decoded pixels to file pixels.</summary>
    private static PixelBox ToFile(PixelBox box, ImageCase image)
    {
        var decoded = Letterbox.Plan(image.DecodedWidth, image.DecodedHeight, 64, 64).ToSource(box);
        var (sx, sy) = ((double)image.FileWidth / image.DecodedWidth, (double)image.FileHeight / image.DecodedHeight);
        return new PixelBox(decoded.X1 * sx, decoded.Y1 * sy, decoded.X2 * sx, decoded.Y2 * sy);
    }

    private static void AssertSame(DetectReport expected, DetectReport actual)
    {
        var (e, a) = (expected.Boxes, actual.Boxes);
        Assert.Equal(e.Map50, a.Map50, 12);
        Assert.Equal(e.Map50To95, a.Map50To95, 12);
        Assert.Equal(e.MapPerThreshold, a.MapPerThreshold, (x, y) => Math.Abs(x - y) < 1e-12);
        Assert.Equal((e.Precision, e.Recall, e.F1, e.ConfidenceThreshold), (a.Precision, a.Recall, a.F1, a.ConfidenceThreshold));
        Assert.Equal(e.PerClass.Select(c => Math.Round(c.Ap50To95, 12)), a.PerClass.Select(c => Math.Round(c.Ap50To95, 12)));
        Assert.Equal(e.Confusion.Counts, a.Confusion.Counts);
        Assert.Equal(expected.FracturePresent, actual.FracturePresent);
    }

    private sealed record ImageCase(string Name, int FileWidth, int FileHeight, int DecodedWidth, int DecodedHeight, IReadOnlyList<LabelCase> Labels);

    private sealed record LabelCase(int ClassId, NormalizedBox Box);
}
