using Fracture.Core.Models;
using Fracture.Training.Benchmarks.Inference;
using Fracture.Training.Engine;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;

namespace Fracture.Training.Tests.Benchmarks;

/// <summary>Whether an ONNX file and a checkpoint are the same model, from the file's metadata and the checkpoint header.</summary>
public sealed class ModelPairTests
{
    private static readonly string[] Names = ["elbow fracture", "wrist fracture"];

    [Fact]
    public void An_export_of_the_checkpoint_passes()
    {
        ModelPair.Check(Metadata(), Header(), "m.onnx", "w.ckpt");
    }

    [Fact]
    public void Every_difference_is_named_in_one_line()
    {
        var metadata = Metadata() with
        {
            Task = ModelTask.Classify,
            Names = ["no fracture", .. Names],
            InputHeight = 96,
            InputWidth = 96,
            Training = """{"options":{"model":"resnet18-pretrained"}}""",
        };

        var error = Assert.Throws<ModelPairException>(() => ModelPair.Check(metadata, Header(), "m.onnx", "w.ckpt"));

        Assert.Equal(
            "m.onnx and w.ckpt are not the same model: task classify vs detect; classes (no fracture, elbow fracture, wrist fracture) vs (elbow fracture, wrist fracture); input 96x96 vs 64x64 (export at the run's size); network resnet18-pretrained vs resnet18",
            error.Message);
    }

    [Fact]
    public void Classes_in_another_order_are_another_model()
    {
        var error = Assert.Throws<ModelPairException>(() => ModelPair.Check(Metadata() with { Names = [Names[1], Names[0]] }, Header(), "m.onnx", "w.ckpt"));

        Assert.EndsWith("classes (wrist fracture, elbow fracture) vs (elbow fracture, wrist fracture)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_readable_training_record_is_judged_on_the_rest()
    {
        ModelPair.Check(Metadata() with { Training = null }, Header(), "m.onnx", "w.ckpt");
        ModelPair.Check(Metadata() with { Training = "not json" }, Header(), "m.onnx", "w.ckpt");
    }

    [Fact]
    public void A_file_from_elsewhere_is_refused()
    {
        var error = Assert.Throws<ModelPairException>(() => ModelPair.Check(Metadata() with { IsFracture = false }, Header(), "yolo.onnx", "w.ckpt"));

        Assert.Equal("yolo.onnx is not a Fracture export: the TorchSharp side can only rebuild Fracture's own networks", error.Message);
    }

    private static ModelMetadata Metadata() => new()
    {
        Task = ModelTask.Detect,
        Names = Names,
        InputHeight = 64,
        InputWidth = 64,
        Training = """{"data":"d.yaml","options":{"task":"detect","model":"resnet18"}}""",
        IsFracture = true,
    };

    private static CheckpointHeader Header() => new(
        1,
        new TrainOptions { Task = "detect", Data = "d.yaml", Model = "resnet18", ImageSize = 64 },
        Names,
        new Dictionary<string, double>(),
        new EarlyStopping(5, 0, 1),
        1,
        [],
        DateTimeOffset.UnixEpoch);
}
