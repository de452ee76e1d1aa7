using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>
/// The whole detection chain (letterboxed labels, assignment, loss, backward, decode, NMS, COCO metrics) shown to work:
/// a handful of fixture images (<see cref="OverfitDataset.Stems"/>), trained on and scored on, must be learnt almost
/// perfectly.
/// </summary>
[Collection(SeededTorchTests.Name)]
public sealed class DetectOverfitTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(TrainingPrecision.Float32)]
    [InlineData(TrainingPrecision.BFloat16)]
    public void A_handful_of_images_is_learnt_to_map50_above_0_9(TrainingPrecision precision)
    {
        var options = new TrainOptions
        {
            Task = "detect",
            Data = OverfitDataset.Write(_root.Path, OverfitDataset.Stems),
            Profile = Path.Combine(TestPaths.RepoRoot, "profiles", "bone-fracture-v4.json"),
            ImageSize = 128,
            Batch = OverfitDataset.Stems.Length,
            Seed = 3,
            Augmentation = AugmentationOptions.None,
        };
        random.manual_seed(3);
        using var task = new DetectTask(options);
        using var model = task.CreateModel(initialWeights: true);
        var losses = OverfitTraining.Run(task, model, steps: 300, precision);

        var report = DetectEvaluator.Evaluate(model, task.Val, DetectorNetworks.NormalizationOf(options.Model), OverfitDataset.Stems.Length, DetectEvaluationSettings.Default);

        output.WriteLine($"loss {losses[0]:0.000} -> {losses[^1]:0.000}; mAP50 {report.Boxes.Map50:0.000}, mAP50-95 {report.Boxes.Map50To95:0.000}");
        foreach (var c in report.Boxes.PerClass.Where(c => c.HasGroundTruth))
        {
            output.WriteLine($"{c.Name}: AP50 {c.Ap50:0.000} ({c.Instances} objects)");
        }

        var found = DetectEvaluator.Predict(model, task.Val, DetectorNetworks.NormalizationOf(options.Model), OverfitDataset.Stems.Length, DetectEvaluationSettings.Default);
        for (var i = 0; i < task.Val.Count; i++)
        {
            output.WriteLine($"{Path.GetFileName(task.Val.Paths[i])}: {string.Join("; ", task.Val.Instances[i].Select(o => $"{o.ClassId} {o.Box.X1:0},{o.Box.Y1:0},{o.Box.X2:0},{o.Box.Y2:0}"))} | {string.Join("; ", found[i].Take(3).Select(b => $"{b.ClassId} {b.Score:0.00} {b.Box.X1:0},{b.Box.Y1:0},{b.Box.X2:0},{b.Box.Y2:0}"))}");
        }

        Assert.Equal(4, report.Boxes.ClassesEvaluated);
        Assert.True(report.Boxes.Map50 >= 0.9, $"mAP50 {report.Boxes.Map50:0.000}");
        Assert.True(losses[^1] < losses[0] / 2, $"loss {losses[0]} -> {losses[^1]}");
    }
}
