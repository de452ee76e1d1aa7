using Fracture.Core;
using Fracture.Training.Engine;
using Fracture.Training.Tasks;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tests.Support;

namespace Fracture.Training.Tests.Tasks;

/// <summary>End to end on the 15-image fixture: tiny inputs so it runs in CI in seconds.</summary>
[Collection(SeededTorchTests.Name)]
public sealed class ClassifyTrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-classify-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Two_epochs_lower_the_loss_and_write_the_run()
    {
        var result = TaskRegistry.Train(Options(epochs: 2), NullTrainingObserver.Instance);

        Assert.True(result.Finished);
        Assert.Equal(2, result.EpochsCompleted);
        var rows = RunResults.Read(result.RunFolder);
        Assert.Equal([1, 2], rows.Select(r => (int)r["epoch"]));
        Assert.True(rows[1]["loss"] < rows[0]["loss"], $"loss {rows[0]["loss"]} -> {rows[1]["loss"]}");
        foreach (var file in new[] { "options.json", "train.log", "loss.png", "metrics.png", "confusion.png", "best-val.json", "weights/last.ckpt", "weights/best.ckpt" })
        {
            Assert.True(File.Exists(Path.Combine(result.RunFolder, file)), file);
        }

        var report = ClassifyValidation.Run(result.RunFolder, data: null, profile: null, split: "valid", batch: 4, threshold: null);
        Assert.Equal(3, report.Images);
        Assert.Equal(7, report.ClassNames.Count);
        Assert.Equal(3, report.Classification.Samples);
        Assert.False(report.FlipAverage);

        var mirrored = ClassifyValidation.Run(result.RunFolder, data: null, profile: null, split: "valid", batch: 4, threshold: null, flipAverage: true);
        Assert.True(mirrored.FlipAverage);
        Assert.Equal(3, mirrored.Images);
        Assert.True((bool)ClassifyReportJson.ToJson(mirrored)["flipAverage"]!);
    }

    [Fact]
    public void A_training_split_with_no_readable_image_is_refused_before_a_run_folder_is_made()
    {
        var data = Path.Combine(_root, "data");
        var fixture = Path.Combine(TestPaths.RepoRoot, "fixtures", "bone-fracture-mini");
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(data, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        foreach (var image in Directory.EnumerateFiles(Path.Combine(data, "train", "images")))
        {
            File.WriteAllText(image, "a Git LFS pointer, say");
        }

        var messages = new List<string>();
        var error = Assert.Throws<Fracture.Core.Datasets.DatasetException>(() =>
            TaskRegistry.Train(Options(epochs: 1) with { Data = Path.Combine(data, "data.yaml") }, new MessageObserver(messages)));

        Assert.StartsWith("nothing to train on: no image of the training split can be used", error.Message, StringComparison.Ordinal);
        Assert.Contains(messages, m => m.StartsWith("skipped unreadable image", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_root, "classify")));
    }

    [Fact]
    public void A_resume_whose_profile_now_orders_the_classes_otherwise_is_refused()
    {
        var profile = Path.Combine(_root, "profile.json");
        File.Copy(Path.Combine(TestPaths.RepoRoot, "profiles", "bone-fracture-v4.json"), profile);
        var first = TaskRegistry.Train(Options(epochs: 2) with { Profile = profile, StopAfterEpochs = 1 }, NullTrainingObserver.Instance);
        File.WriteAllText(profile, File.ReadAllText(profile).Replace(
            "\"classes\": [\"elbow fracture\", \"fingers fracture\"", "\"classes\": [\"fingers fracture\", \"elbow fracture\"", StringComparison.Ordinal));
        var lastBefore = File.ReadAllBytes(Path.Combine(first.RunFolder, "weights", "last.ckpt"));

        var error = Assert.Throws<CheckpointException>(() => TaskRegistry.Resume(first.RunFolder, NullTrainingObserver.Instance));

        Assert.Contains("now give (no fracture, fingers fracture, elbow fracture,", error.Message, StringComparison.Ordinal);
        Assert.Equal(lastBefore, File.ReadAllBytes(Path.Combine(first.RunFolder, "weights", "last.ckpt")));
    }

    [Fact]
    public void A_stopped_run_resumes_and_ends_with_the_planned_epochs()
    {
        var first = TaskRegistry.Train(Options(epochs: 3) with { StopAfterEpochs = 1 }, NullTrainingObserver.Instance);
        Assert.False(first.Finished);
        Assert.Equal(1, first.EpochsCompleted);

        var resumed = TaskRegistry.Resume(first.RunFolder, NullTrainingObserver.Instance);

        Assert.True(resumed.Finished);
        Assert.Equal(3, resumed.EpochsCompleted);
        Assert.Equal([1, 2, 3], RunResults.Read(first.RunFolder).Select(r => (int)r["epoch"]));
        Assert.Equal(3, Checkpoint.Read(Path.Combine(first.RunFolder, "weights", "last.ckpt")).Header.Epoch);
        Assert.Throws<CheckpointException>(() => TaskRegistry.Resume(first.RunFolder, NullTrainingObserver.Instance));
    }

    [Fact]
    public void A_truncated_checkpoint_is_a_clear_error_on_resume()
    {
        var run = TaskRegistry.Train(Options(epochs: 2) with { StopAfterEpochs = 1 }, NullTrainingObserver.Instance);
        var last = Path.Combine(run.RunFolder, "weights", "last.ckpt");
        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(last, bytes[..(bytes.Length / 3)]);

        var error = Assert.Throws<CheckpointException>(() => TaskRegistry.Resume(run.RunFolder, NullTrainingObserver.Instance));
        Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_whose_last_checkpoint_is_damaged_resumes_from_its_best()
    {
        var run = TaskRegistry.Train(Options(epochs: 2) with { StopAfterEpochs = 1 }, NullTrainingObserver.Instance);
        var weights = Path.Combine(run.RunFolder, "weights");
        File.WriteAllText(Path.Combine(weights, "last.ckpt"), "damaged");

        var resumed = TaskRegistry.Resume(Path.Combine(weights, "best.ckpt"), NullTrainingObserver.Instance);

        Assert.True(resumed.Finished);
        Assert.Equal([1, 2], RunResults.Read(run.RunFolder).Select(r => (int)r["epoch"]));
        Assert.Equal(2, Checkpoint.Read(Path.Combine(weights, "last.ckpt")).Header.Epoch);
    }

    [Fact]
    public void A_run_is_resumed_only_by_its_own_task()
    {
        var run = TaskRegistry.Train(Options(epochs: 2) with { StopAfterEpochs = 1 }, NullTrainingObserver.Instance);

        var error = Assert.Throws<FractureException>(() => TaskRegistry.Resume(run.RunFolder, NullTrainingObserver.Instance, task: "detect"));

        Assert.Equal($"{run.RunFolder} is a 'classify' run: resume it with `fracture train classify --resume`", error.Message);
    }

    [Fact]
    public void Bad_init_weights_or_data_fail_before_a_run_folder_is_made()
    {
        Assert.Throws<CheckpointException>(() => TaskRegistry.Train(Options(epochs: 1) with { InitialWeights = Path.Combine(_root, "nothing.ckpt") }, NullTrainingObserver.Instance));
        Assert.ThrowsAny<FractureException>(() => TaskRegistry.Train(Options(epochs: 1) with { Data = Path.Combine(_root, "missing.yaml") }, NullTrainingObserver.Instance));
        Assert.ThrowsAny<FractureException>(() => TaskRegistry.Train(Options(epochs: 1) with { Task = "detect", ImageSize = 100 }, NullTrainingObserver.Instance));
        Assert.ThrowsAny<FractureException>(() => TaskRegistry.Train(Options(epochs: 1) with { StopAfterEpochs = 0 }, NullTrainingObserver.Instance));

        Assert.False(Directory.Exists(Path.Combine(_root, "classify")) && Directory.EnumerateFileSystemEntries(Path.Combine(_root, "classify")).Any());
        Assert.False(Directory.Exists(Path.Combine(_root, "detect")) && Directory.EnumerateFileSystemEntries(Path.Combine(_root, "detect")).Any());
    }

    private TrainOptions Options(int epochs) => new()
    {
        Task = "classify",
        Data = Path.Combine(TestPaths.RepoRoot, "fixtures", "bone-fracture-mini", "data.yaml"),
        Profile = Path.Combine(TestPaths.RepoRoot, "profiles", "bone-fracture-v4.json"),
        Model = ClassifierNetworks.ResNet18Pretrained,
        ImageSize = 64,
        Batch = 4,
        Epochs = epochs,
        Project = _root,
        Seed = 1,
    };
}
