using Fracture.Core.Geometry;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Server.Contracts;
using Fracture.Server.Models;
using Fracture.Server.Predictions;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>Findings, classification and verdict from model results, on small hand-worked cases.</summary>
public sealed class PredictionBuilderTests
{
    private static readonly LoadedModel Detector = new("det", new MetadataOnlyPredictor(ModelTask.Detect, ["wrist", "elbow"], threshold: 0.3), "d".PadRight(64, 'd'), 10);
    private static readonly LoadedModel Classifier = new("cls", new MetadataOnlyPredictor(ModelTask.Classify, ["no fracture", "wrist"], threshold: 0.6, negativeClass: 0), "c".PadRight(64, 'c'), 20);
    private static readonly PredictedImage Image = new("a.jpg", "jpeg", 100, 80, "e".PadRight(64, 'e'), 1234);

    [Fact]
    public void Findings_below_the_confidence_are_left_out_but_the_detector_votes_with_its_best_box()
    {
        // Detector boxes 0.2 (wrist) and 0.5 (elbow); conf 0.6: nothing listed, but 0.5 >= threshold 0.3 suspects a fracture.
        // Classifier: P(no fracture) = 0.45, so P(fracture) = 0.55 < 0.6: no vote for a fracture.
        var detected = new ImagePrediction(ModelTask.Detect, 100, 80, [Box(0, "wrist", 0.2), Box(1, "elbow", 0.5)]);
        var classified = new ImagePrediction(ModelTask.Classify, 100, 80, [], new ClassScores([0.45, 0.55], 1, "wrist", 0.55, 0.55, false));
        var prediction = PredictionBuilder.Build("id", DateTime.UnixEpoch, Image, PredictionTask.All, 0.6, [new(Classifier, classified, 3), new(Detector, detected, 5)], 1, 10);

        Assert.Empty(prediction.Findings);
        Assert.Equal(
            [new VerdictEvidence("cls", "classify", 0.55, 0.6, false), new VerdictEvidence("det", "detect", 0.5, 0.3, true)],
            prediction.Verdict.Evidence);
        Assert.True(prediction.Verdict.FractureSuspected);
        var c = prediction.Classification!;
        Assert.Equal(("cls", "wrist", 0.55, (double?)0.55, (double?)0.6, (bool?)false), (c.Model, c.TopClass, c.TopScore, c.FractureProbability, c.Threshold, c.Suspected));
        Assert.Equal([new ClassProbability("no fracture", 0.45), new ClassProbability("wrist", 0.55)], c.Probabilities);
        Assert.Equal(new PredictionTimings(1, 3, 5, null, 10), prediction.Timings);
        Assert.Equal([new ModelVersion("cls", "classify", "9.9.9", Classifier.Sha256), new ModelVersion("det", "detect", "9.9.9", Detector.Sha256)], prediction.Models);
    }

    [Fact]
    public void Findings_at_or_above_the_confidence_are_listed_most_confident_first_with_their_model()
    {
        var detected = new ImagePrediction(ModelTask.Detect, 100, 80, [Box(0, "wrist", 0.25), Box(1, "elbow", 0.9), Box(0, "wrist", 0.1)]);
        var prediction = PredictionBuilder.Build("id", DateTime.UnixEpoch, Image, PredictionTask.Detect, 0.25, [new(Detector, detected, 5)], 1, 6);

        Assert.Equal([0.9, 0.25], prediction.Findings.Select(f => f.Confidence));
        Assert.Equal(new PredictionFinding(1, "elbow", 0.9, "det", new FindingBox(10, 20, 30, 40), null), prediction.Findings[0]);
        Assert.Equal("detect", prediction.Task);
        Assert.Null(prediction.Classification);
    }

    [Fact]
    public void Each_model_says_whether_it_ran_with_mirror_fusion()
    {
        var detected = new ImagePrediction(ModelTask.Detect, 100, 80, [Box(0, "wrist", 0.5)]);
        var classified = new ImagePrediction(ModelTask.Classify, 100, 80, [], new ClassScores([0.45, 0.55], 1, "wrist", 0.55, 0.55, false));

        var prediction = PredictionBuilder.Build("id", DateTime.UnixEpoch, Image, PredictionTask.All, 0.05, [new(Classifier, classified, 3), new(Detector, detected, 5, FlipFusion: true)], 1, 10);

        Assert.Equal([false, true], prediction.Models.Select(m => m.FlipFusion));
    }

    [Fact]
    public void Models_without_an_operating_threshold_give_no_verdict_rather_than_no_fracture()
    {
        // A genuine Ultralytics COCO yolov8n export has no threshold in its metadata: on bus.jpg it found persons and a
        // bus, and the page said "No fracture suspected" (history: "clear"), a call no model made.
        var coco = new LoadedModel("yolov8n", new MetadataOnlyPredictor(ModelTask.Detect, ["person", "bus"], threshold: null), "y".PadRight(64, 'y'), 10);
        var detected = new ImagePrediction(ModelTask.Detect, 100, 80, [Box(0, "person", 0.9), Box(1, "bus", 0.8)]);

        var prediction = PredictionBuilder.Build("id", DateTime.UnixEpoch, Image, PredictionTask.Detect, 0.05, [new(coco, detected, 5)], 1, 6);

        Assert.Empty(prediction.Verdict.Evidence);
        Assert.Null(prediction.Verdict.FractureSuspected);
        Assert.Null(PredictionBuilder.Summarize(prediction).FractureSuspected);
        Assert.Equal(2, prediction.Findings.Count);
    }

    [Fact]
    public void A_detector_that_found_nothing_votes_zero_and_not_suspected()
    {
        var prediction = PredictionBuilder.Build("id", DateTime.UnixEpoch, Image, PredictionTask.Detect, 0.05, [new(Detector, new ImagePrediction(ModelTask.Detect, 100, 80, []), 5)], 1, 6);
        Assert.Equal([new VerdictEvidence("det", "detect", 0, 0.3, false)], prediction.Verdict.Evidence);
        Assert.False(prediction.Verdict.FractureSuspected);
    }

    [Fact]
    public void A_segmenter_outline_becomes_x_y_pairs()
    {
        var segmenter = new LoadedModel("seg", new MetadataOnlyPredictor(ModelTask.Segment, ["wrist"], threshold: null), "f".PadRight(64, 'f'), 30);
        var outline = new List<PixelPoint> { new(1, 2), new(3, 4), new(5, 1) };
        var segmented = new ImagePrediction(ModelTask.Segment, 100, 80, [new Finding(0, "wrist", 0.8, new PixelBox(1, 1, 5, 4), outline)]);
        var prediction = PredictionBuilder.Build("id", DateTime.UnixEpoch, Image, PredictionTask.Segment, 0.05, [new(segmenter, segmented, 5)], 1, 6);

        Assert.Equal([[1.0, 2.0], [3.0, 4.0], [5.0, 1.0]], prediction.Findings[0].Outline!);
        Assert.Empty(prediction.Verdict.Evidence); // no threshold in its metadata: no vote
        Assert.Equal(new PredictionTimings(1, null, null, 5, 6), prediction.Timings);
    }

    [Fact]
    public void A_summary_counts_the_findings_at_their_models_threshold_apart_from_all_listed()
    {
        // Detector (threshold 0.3): 0.9 and 0.3 count, 0.1 does not; the segmenter has no threshold, so its 0.8 does not either.
        var segmenter = new LoadedModel("seg", new MetadataOnlyPredictor(ModelTask.Segment, ["wrist"], threshold: null), "f".PadRight(64, 'f'), 30);
        var detected = new ImagePrediction(ModelTask.Detect, 100, 80, [Box(0, "wrist", 0.1), Box(1, "elbow", 0.9), Box(0, "wrist", 0.3)]);
        var segmented = new ImagePrediction(ModelTask.Segment, 100, 80, [Box(0, "wrist", 0.8)]);
        var prediction = PredictionBuilder.Build("id", DateTime.UnixEpoch, Image, PredictionTask.All, 0.05, [new(Detector, detected, 5), new(segmenter, segmented, 5)], 1, 11);

        var summary = PredictionBuilder.Summarize(prediction);

        Assert.Equal((4, 2), (summary.FindingCount, summary.SuspectedFindingCount));
        Assert.Equal(0.9, summary.TopFinding!.Confidence);
        Assert.Equal(("id", "a.jpg", 100, 80, true), (summary.Id, summary.FileName, summary.Width, summary.Height, summary.FractureSuspected));
    }

    private static Finding Box(int classId, string name, double score) => new(classId, name, score, new PixelBox(10, 20, 30, 40));
}
