using System.Text.Json.Nodes;
using Fracture.Core;
using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tests.Support;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>End to end on the 15-image fixture with small inputs, so it runs in CI in well under a minute.</summary>
[Collection(SeededTorchTests.Name)]
public sealed class DetectTrainingTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Two_epochs_lower_the_loss_and_write_the_run_and_its_metrics()
    {
        // Seeded batches are the same in every process (StableSeed): before, HashCode.Combine's per-process seed gave
        // each process other batches, and this 10-step comparison failed in CI now and then.
        var result = TaskRegistry.Train(Options(epochs: 2), NullTrainingObserver.Instance);

        Assert.True(result.Finished);
        var rows = RunResults.Read(result.RunFolder);
        Assert.Equal([1, 2], rows.Select(r => (int)r["epoch"]));
        Assert.True(rows[1]["loss"] < rows[0]["loss"], $"loss {rows[0]["loss"]} -> {rows[1]["loss"]}");
        foreach (var column in new[] { "box_loss", "cls_loss", "dfl_loss", "map50", "map50_95", "precision", "recall" })
        {
            Assert.True(rows[1].ContainsKey(column), column);
        }

        foreach (var file in new[] { "options.json", "train.log", "loss.png", "metrics.png", "confusion.png", "pr-curve.png", "best-val.json", "weights/last.ckpt", "weights/best.ckpt" })
        {
            Assert.True(File.Exists(Path.Combine(result.RunFolder, file)), file);
        }

        var report = DetectValidation.Run(result.RunFolder + "/best", data: null, profile: null, split: "valid", batch: 4, DetectEvaluationSettings.Default);
        Assert.Equal(3, report.Images);
        Assert.Equal(6, report.ClassNames.Count);
        var json = DetectReportJson.ToJson(report);
        foreach (var key in new[] { "map50", "map50_95", "precision", "recall", "perClass", "confusion", "fracturePresent" })
        {
            Assert.True(json.ContainsKey(key), key);
        }

        Assert.Equal(7, json["confusion"]!["labels"]!.AsArray().Count);
        Assert.Equal(2, (int)json["fracturePresent"]!["positives"]!);
    }

    [Fact]
    public void A_classifier_checkpoint_is_refused_by_detect_validation()
    {
        var classify = TaskRegistry.Train(Options(epochs: 1) with { Task = "classify", Model = "resnet18-pretrained" }, NullTrainingObserver.Instance);

        var error = Assert.Throws<CheckpointException>(() =>
            DetectValidation.Run(classify.RunFolder, data: null, profile: null, split: "valid", batch: 4, DetectEvaluationSettings.Default));
        Assert.Contains("holds a 'classify' model, not a 'detect' one", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, 8)]
    [InlineData(0.5, 9)]
    [InlineData(1.0, 10)]
    public void An_epoch_holds_every_image_with_fractures_and_the_asked_share_of_backgrounds(double fraction, int images)
    {
        // The fixture's train split: 10 images, 2 without labels (the id-3 outline image keeps a humerus fracture).
        using var task = new DetectTask(Options(epochs: 1) with { BackgroundFraction = fraction });
        var seen = 0;
        var withObjects = 0;
        foreach (var batch in task.TrainBatches(0, CancellationToken.None))
        {
            using (batch)
            {
                seen += (int)batch.Images.shape[0];
                withObjects += (int)batch.GtMask.any(1).sum().item<long>();
            }
        }

        Assert.Equal(images, task.TrainImages);
        Assert.Equal(images, seen);
        Assert.Equal(8, withObjects);
        Assert.Equal((images + 1) / 2, task.BatchesPerEpoch);
    }

    [Fact]
    public void An_image_size_off_the_32_grid_is_a_clear_error()
    {
        var error = Assert.Throws<FractureException>(() => TaskRegistry.Train(Options(epochs: 1) with { ImageSize = 100 }, NullTrainingObserver.Instance));
        Assert.Contains("multiple of 32", error.Message, StringComparison.Ordinal);
    }

    private TrainOptions Options(int epochs) => new()
    {
        Task = "detect",
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
