using Fracture.Core.Augmentation;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using Fracture.Training.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Segment;

/// <summary>
/// The whole segmentation chain (polygons to prototype-grid targets, assignment, box and mask losses, backward,
/// decode, NMS, mask building, mask-IoU COCO metrics) shown to work: a handful of fixture images
/// (<see cref="OverfitDataset.Stems"/>), trained on and scored on, must be learnt almost perfectly, masks included.
/// </summary>
[Collection(SeededTorchTests.Name)]
public sealed class SegmentOverfitTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_handful_of_images_is_learnt_to_mask_map50_above_0_9()
    {
        var options = new TrainOptions
        {
            Task = "segment",
            Data = OverfitDataset.Write(_root.Path, OverfitDataset.Stems),
            Profile = Path.Combine(TestPaths.RepoRoot, "profiles", "bone-fracture-v4.json"),
            ImageSize = 128,
            Batch = OverfitDataset.Stems.Length,
            Seed = 3,
            Augmentation = AugmentationOptions.None,
        };
        random.manual_seed(3);
        using var task = new SegmentTask(options);
        using var model = task.CreateModel(initialWeights: true);
        var losses = OverfitTraining.Run(task, model, steps: 300);

        var report = (SegmentReport)task.Validate(model).Report!;

        output.WriteLine($"loss {losses[0]:0.000} -> {losses[^1]:0.000}; box mAP50 {report.Boxes.Boxes.Map50:0.000}, mask mAP50 {report.Masks.Map50:0.000}, mask mAP50-95 {report.Masks.Map50To95:0.000}");
        foreach (var c in report.Masks.PerClass.Where(c => c.HasGroundTruth))
        {
            output.WriteLine($"{c.Name}: mask AP50 {c.Ap50:0.000}, AP50-95 {c.Ap50To95:0.000} ({c.Instances} objects)");
        }

        Assert.Equal(4, report.Masks.ClassesEvaluated);
        Assert.True(report.Masks.Map50 >= 0.9, $"mask mAP50 {report.Masks.Map50:0.000}");
        Assert.True(report.Boxes.Boxes.Map50 >= 0.9, $"box mAP50 {report.Boxes.Boxes.Map50:0.000}");
        Assert.True(losses[^1] < losses[0] / 2, $"loss {losses[0]} -> {losses[^1]}");
    }
}
