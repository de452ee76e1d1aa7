using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>
/// The whole detection chain (letterboxed labels, assignment, loss, backward, decode, NMS, COCO metrics) shown to work:
/// a handful of fixture images, trained on and scored on, must be learnt almost perfectly.
/// </summary>
[Collection(SeededTorchTests.Name)]
public sealed class DetectOverfitTests(ITestOutputHelper output) : IDisposable
{
    // One of each kind of fixture case: a large elbow box, two small wrist boxes in one image, a thin fingers box, a
    // shoulder box; 5 objects over 4 classes.
    private static readonly string[] Stems =
    [
        "image1_1872_png.rf.7f905d26de32902ea13381b0cbf56de7",
        "image1_2181_png.rf.5da98a62be9cf0adb9b860c5a27c586d",
        "image1_560_png.rf.e68689454d6c59f85bda1837369c6654",
        "image1_5917_png.rf.a9096a71879746d0b222a5ba43328eb7",
    ];

    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_handful_of_images_is_learnt_to_map50_above_0_9()
    {
        var options = new TrainOptions
        {
            Task = "detect",
            Data = WriteDataset(),
            Profile = Path.Combine(TestPaths.RepoRoot, "profiles", "bone-fracture-v4.json"),
            ImageSize = 128,
            Batch = Stems.Length,
            Seed = 3,
            Augmentation = AugmentationOptions.None,
        };
        random.manual_seed(3);
        using var task = new DetectTask(options);
        using var model = task.CreateModel(initialWeights: true);
        using var optimizer = optim.AdamW(model.parameters(), lr: 0.001, weight_decay: 0);
        var parts = new Dictionary<string, double>(StringComparer.Ordinal);
        var losses = new List<double>();

        // Every step sees the same 4 images, so BatchNorm's running statistics settle on that batch's (momentum 0.03
        // needs a hundred-odd steps); then eval mode scores what training learnt.
        for (var step = 0; step < 300; step++)
        {
            model.train();
            foreach (var batch in task.TrainBatches(step, CancellationToken.None))
            {
                using (batch)
                using (NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var loss = task.Loss(model, batch, parts);
                    loss.backward();
                    optimizer.step();
                    losses.Add(loss.item<float>());
                }
            }
        }

        var report = DetectEvaluator.Evaluate(model, task.Val, DetectorNetworks.NormalizationOf(options.Model), Stems.Length, DetectEvaluationSettings.Default);

        output.WriteLine($"loss {losses[0]:0.000} -> {losses[^1]:0.000}; mAP50 {report.Boxes.Map50:0.000}, mAP50-95 {report.Boxes.Map50To95:0.000}");
        foreach (var c in report.Boxes.PerClass.Where(c => c.HasGroundTruth))
        {
            output.WriteLine($"{c.Name}: AP50 {c.Ap50:0.000} ({c.Instances} objects)");
        }

        var found = DetectEvaluator.Predict(model, task.Val, DetectorNetworks.NormalizationOf(options.Model), Stems.Length, DetectEvaluationSettings.Default);
        for (var i = 0; i < task.Val.Count; i++)
        {
            output.WriteLine($"{Path.GetFileName(task.Val.Paths[i])}: {string.Join("; ", task.Val.Instances[i].Select(o => $"{o.ClassId} {o.Box.X1:0},{o.Box.Y1:0},{o.Box.X2:0},{o.Box.Y2:0}"))} | {string.Join("; ", found[i].Take(3).Select(b => $"{b.ClassId} {b.Score:0.00} {b.Box.X1:0},{b.Box.Y1:0},{b.Box.X2:0},{b.Box.Y2:0}"))}");
        }

        Assert.Equal(4, report.Boxes.ClassesEvaluated);
        Assert.True(report.Boxes.Map50 >= 0.9, $"mAP50 {report.Boxes.Map50:0.000}");
        Assert.True(losses[^1] < losses[0] / 2, $"loss {losses[0]} -> {losses[^1]}");
    }

    private string WriteDataset()
    {
        var fixture = Path.Combine(TestPaths.RepoRoot, "fixtures", "bone-fracture-mini", "train");
        foreach (var split in new[] { "train", "valid" })
        {
            Directory.CreateDirectory(Path.Combine(_root.Path, split, "images"));
            Directory.CreateDirectory(Path.Combine(_root.Path, split, "labels"));
            foreach (var stem in Stems)
            {
                File.Copy(Path.Combine(fixture, "images", stem + ".jpg"), Path.Combine(_root.Path, split, "images", stem + ".jpg"));
                File.Copy(Path.Combine(fixture, "labels", stem + ".txt"), Path.Combine(_root.Path, split, "labels", stem + ".txt"));
            }
        }

        var yaml = _root.File("data.yaml");
        File.WriteAllText(yaml, $"""
            path: {_root.Path}
            train: train/images
            val: valid/images
            names: ['elbow positive', 'fingers positive', 'forearm fracture', 'humerus fracture', 'humerus', 'shoulder fracture', 'wrist positive']
            """);
        return yaml;
    }
}
