using Fracture.Core.Augmentation;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Training.Engine;
using Fracture.Training.Export;
using Fracture.Training.Networks.Segmentation;
using Fracture.Training.Tasks;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using Fracture.Training.Tests.Support;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Segment;

/// <summary>
/// End to end on the fixture set with small inputs (CI): train 2 epochs, validate boxes and masks, write overlays,
/// export to ONNX and get outlines from the segmentation predictor; and a segmenter started from a detector run.
/// </summary>
[Collection(SeededTorchTests.Name)]
public sealed class SegmentTrainingTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Two_epochs_lower_the_loss_write_box_and_mask_metrics_overlays_and_an_onnx_file_that_outlines()
    {
        var result = TaskRegistry.Train(Options("segment", epochs: 2), NullTrainingObserver.Instance);

        Assert.True(result.Finished);
        var rows = RunResults.Read(result.RunFolder);
        Assert.Equal([1, 2], rows.Select(r => (int)r["epoch"]));
        Assert.True(rows[1]["loss"] < rows[0]["loss"], $"loss {rows[0]["loss"]} -> {rows[1]["loss"]}");
        foreach (var column in new[] { "box_loss", "seg_loss", "cls_loss", "dfl_loss", "map50", "map50_95", "mask_map50", "mask_map50_95" })
        {
            Assert.True(rows[1].ContainsKey(column), column);
        }

        foreach (var file in new[] { "best-val.json", "pr-curve.png", "mask-pr-curve.png", "confusion.png", "weights/best.ckpt" })
        {
            Assert.True(File.Exists(Path.Combine(result.RunFolder, file)), file);
        }

        // The fixture's valid split has 2 images with fractures: both drawn.
        var overlays = Directory.GetFiles(Path.Combine(result.RunFolder, "overlays"), "*.png");
        Assert.Equal(2, overlays.Length);
        Assert.All(overlays, o => Assert.True(new FileInfo(o).Length > 1000, o));

        var report = SegmentValidation.Run(result.RunFolder + "/best", data: null, profile: null, split: "valid", batch: 4, DetectEvaluationSettings.Default);
        var json = SegmentReportJson.ToJson(report);
        foreach (var key in new[] { "map50", "map50_95", "perClass", "fracturePresent", "mask" })
        {
            Assert.True(json.ContainsKey(key), key);
        }

        Assert.Equal(report.Masks.Map50, (double)json["mask"]!["map50"]!, 9);
        Assert.Equal(7, json["mask"]!["confusion"]!["labels"]!.AsArray().Count);

        var onnx = _root.File("segmenter.onnx");
        CheckpointExporter.Export(new ExportRequest { Weights = result.RunFolder, Output = onnx, Precision = WeightPrecision.Fp32 });
        using var predictor = Predictor.Open(onnx);
        Assert.Equal(ModelTask.Segment, predictor.Metadata.Task);
        var image = Path.Combine(TestPaths.RepoRoot, "fixtures", "bone-fracture-mini", "valid", "images", "image1_788_png.rf.4099b0223a789948e4b727c46a6092a1.jpg");
        var prediction = predictor.Predict(image, new PredictSettings(0.001, 0.7, 10, MultiLabel: false));
        Assert.NotEmpty(prediction.Findings);
        Assert.All(prediction.Findings, f => Assert.NotNull(f.Polygon));
    }

    [Fact]
    public void A_segmenter_starts_from_a_detector_run_where_the_modules_agree()
    {
        var detector = TaskRegistry.Train(Options("detect", epochs: 1), NullTrainingObserver.Instance);
        using var segmenter = SegmenterNetworks.Create(DetectorNetworks.ResNet18Pretrained, 6, initialWeights: false);
        var before = segmenter.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var message = InitialWeights.Load(segmenter, detector.RunFolder);

        var trained = Checkpoint.Read(Path.Combine(detector.RunFolder, "weights", "best.ckpt"));
        using var reference = DetectorNetworks.Create(DetectorNetworks.ResNet18Pretrained, 6, initialWeights: false);
        ModuleState.Load(reference, trained.Section(TrainedWeights.WeightsSectionOf(trained)), "weights");
        var detectorState = reference.state_dict();
        var after = segmenter.state_dict();
        Assert.All(detectorState, p => Assert.True(after[p.Key].equal(p.Value).all().item<bool>(), p.Key));
        var fresh = after.Keys.Where(k => !detectorState.ContainsKey(k)).ToList();
        Assert.NotEmpty(fresh);
        Assert.All(fresh, k => Assert.True(k.StartsWith("coefficients.", StringComparison.Ordinal) || k.StartsWith("prototypes.", StringComparison.Ordinal), k));
        Assert.All(fresh, k => Assert.True(after[k].equal(before[k]).all().item<bool>(), k));
        Assert.Contains($"{detectorState.Count} of {after.Count} tensors", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_classifier_run_has_nothing_to_give_a_segmenter_and_says_so()
    {
        // The classifier is a bare ResNet (conv1.*, layer1.*, fc.*); the segmenter's backbone sits under backbone.*.
        var classify = TaskRegistry.Train(Options("classify", epochs: 1) with { ImageSize = 64 }, NullTrainingObserver.Instance);
        using var segmenter = SegmenterNetworks.Create(DetectorNetworks.ResNet18Pretrained, 6, initialWeights: false);

        var error = Assert.Throws<CheckpointException>(() => InitialWeights.Load(segmenter, classify.RunFolder));

        Assert.Contains("no tensor in common", error.Message, StringComparison.Ordinal);
    }

    private TrainOptions Options(string task, int epochs) => new()
    {
        Task = task,
        Data = Path.Combine(TestPaths.RepoRoot, "fixtures", "bone-fracture-mini", "data.yaml"),
        Profile = Path.Combine(TestPaths.RepoRoot, "profiles", "bone-fracture-v4.json"),
        Model = DetectorNetworks.ResNet18Pretrained,
        ImageSize = 128,
        Batch = 2,
        WarmupEpochs = 0.5,
        Epochs = epochs,
        LearningRate = 0.001,
        Project = _root.Path,
        Seed = 1,
        Augmentation = AugmentationOptions.None,
    };
}
