using System.Text.Json;
using Fracture.Core;
using Fracture.Core.Models;
using Fracture.Training.Engine;
using Fracture.Training.Export;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tests.Support;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Export;

/// <summary>From a checkpoint file to a model file: which weights, what metadata, which errors.</summary>
public sealed class CheckpointExporterTests : IDisposable
{
    private static readonly string[] Names = [ClassifyData.NoFracture, "elbow fracture", "wrist fracture"];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Exports_the_ema_weights_with_the_run_s_metadata()
    {
        torch.random.manual_seed(5);
        using var trained = ClassifierNetworks.Create(ClassifierNetworks.ResNet18, Names.Length, initialWeights: false);
        using var ema = ClassifierNetworks.Create(ClassifierNetworks.ResNet18, Names.Length, initialWeights: false);
        var checkpoint = WriteCheckpoint("classify", new Dictionary<string, byte[]> { ["model"] = ModuleState.Save(trained), ["ema"] = ModuleState.Save(ema) });
        var images = ExportHarness.Images(2, 64, 64);

        var result = CheckpointExporter.Export(new ExportRequest
        {
            Weights = checkpoint,
            Output = _temp.File(Path.Combine("models", "classifier.onnx")),
            Precision = WeightPrecision.Fp32,
            Threshold = 0.4,
            Commit = new string('c', 40),
        });

        Assert.Equal("ema", result.WeightsSection);
        Assert.Equal(new FileInfo(result.Path).Length, result.Bytes);
        Assert.Equal(trained.parameters().Sum(p => p.numel()), result.Parameters);
        using var session = new InferenceSession(result.Path);
        var actual = ExportHarness.Run(session, images).Values;
        using var batch = ExportHarness.TorchBatch(images, ClassifierNetworks.NormalizationOf(ClassifierNetworks.ResNet18));
        using var emaLogits = tensor(ExportHarness.Eval(ema, batch), [images.Count, Names.Length]);
        using var trainedLogits = tensor(ExportHarness.Eval(trained, batch), [images.Count, Names.Length]);
        Assert.True(ExportHarness.MaxAbsDifference(emaLogits.softmax(1).data<float>().ToArray(), actual) <= 1e-3);
        Assert.True(ExportHarness.MaxAbsDifference(trainedLogits.softmax(1).data<float>().ToArray(), actual) > 1e-3);

        var metadata = ModelMetadata.Parse(result.Path, session.ModelMetadata.CustomMetadataMap);
        Assert.Equal(ModelTask.Classify, metadata.Task);
        Assert.Equal(Names, metadata.Names);
        Assert.Equal((96, 96), (metadata.InputHeight, metadata.InputWidth));
        Assert.Equal((32, ResizeMode.Letterbox, 0), (metadata.Stride, metadata.Resize, metadata.NegativeClass));
        Assert.Equal((0.4, false, "fp32"), (metadata.Threshold, metadata.FlipAverage, metadata.Weights));
        Assert.Equal(("Fracture", new string('c', 40)), (metadata.Author, metadata.Commit));
        Assert.Equal(OnnxModelExporter.Version, metadata.Version);
        using var training = JsonDocument.Parse(metadata.Training!);
        Assert.Equal("fixtures/bone-fracture-mini/data.yaml", training.RootElement.GetProperty("data").GetString());
        Assert.Equal(2, training.RootElement.GetProperty("bestEpoch").GetInt32());
        // The exported epoch (3) is described by its own figures; the best epoch's (2) come beside them.
        Assert.Equal(3, training.RootElement.GetProperty("epoch").GetInt32());
        Assert.Equal(0.625, training.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(0.75, training.RootElement.GetProperty("bestMetrics").GetProperty("auc").GetDouble());
        Assert.False(training.RootElement.GetProperty("bestMetrics").TryGetProperty("loss", out _));
        Assert.Equal(96, training.RootElement.GetProperty("options").GetProperty("imageSize").GetInt32());
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_a_clear_error()
    {
        var path = _temp.File("weights.ckpt");
        File.WriteAllText(path, "not a checkpoint at all, but long enough to hold a hash of thirty-two bytes");

        var error = Assert.Throws<CheckpointException>(() => Export(path));
        Assert.Contains("is not a Fracture checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_without_an_exporter_is_a_clear_error()
    {
        var error = Assert.Throws<FractureException>(() => Export(WriteCheckpoint("pose", new Dictionary<string, byte[]>())));
        Assert.Equal("cannot export a 'pose' model: export knows classify, detect, segment", error.Message);
    }

    [Fact]
    public void Options_that_do_not_fit_the_task_are_refused_before_any_work()
    {
        var detect = WriteCheckpoint("detect", new Dictionary<string, byte[]>());
        var segment = WriteCheckpoint("segment", new Dictionary<string, byte[]>());

        Assert.Contains("classifiers only", Assert.Throws<FractureException>(() => Export(detect, flip: true)).Message, StringComparison.Ordinal);
        Assert.Contains("multiple of 32", Assert.Throws<FractureException>(() => Export(detect, size: 100)).Message, StringComparison.Ordinal);
        Assert.Contains("classifiers only", Assert.Throws<FractureException>(() => Export(segment, flip: true)).Message, StringComparison.Ordinal);
        Assert.Contains("multiple of 32", Assert.Throws<FractureException>(() => Export(segment, size: 100)).Message, StringComparison.Ordinal);
        Assert.Contains("0..1", Assert.Throws<FractureException>(() => Export(detect, threshold: 1.5)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_a_clear_error_and_leaves_nothing()
    {
        using var network = ClassifierNetworks.Create(ClassifierNetworks.ResNet18, Names.Length, initialWeights: false);
        var checkpoint = WriteCheckpoint("classify", new Dictionary<string, byte[]> { ["model"] = ModuleState.Save(network) });
        var blocker = _temp.File("blocker");
        File.WriteAllText(blocker, "a file where the output folder should be");

        var error = Assert.Throws<FractureException>(() => Export(checkpoint, output: Path.Combine(blocker, "model.onnx")));

        Assert.StartsWith($"cannot write {Path.Combine(blocker, "model.onnx")}", error.Message, StringComparison.Ordinal);
        Assert.Equal([blocker, checkpoint], Directory.GetFiles(_temp.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_output_replaces_only_an_earlier_export_of_the_same_task()
    {
        using var network = ClassifierNetworks.Create(ClassifierNetworks.ResNet18, Names.Length, initialWeights: false);
        var checkpoint = WriteCheckpoint("classify", new Dictionary<string, byte[]> { ["model"] = ModuleState.Save(network) });
        var yaml = _temp.File("data.yaml");
        File.WriteAllText(yaml, "names: [a]\n");
        var folder = _temp.File("out.onnx");
        Directory.CreateDirectory(folder);
        var before = File.ReadAllBytes(checkpoint);

        Assert.Contains("is the checkpoint being exported", Assert.Throws<FractureException>(() => Export(checkpoint, output: checkpoint)).Message, StringComparison.Ordinal);
        Assert.Contains("exists and is not an .onnx file", Assert.Throws<FractureException>(() => Export(checkpoint, output: yaml)).Message, StringComparison.Ordinal);
        Assert.Contains("is a folder", Assert.Throws<FractureException>(() => Export(checkpoint, output: folder)).Message, StringComparison.Ordinal);

        Assert.Equal(before, File.ReadAllBytes(checkpoint));
        Assert.Equal("names: [a]\n", File.ReadAllText(yaml));
        var earlier = _temp.File("model.onnx");
        Assert.True(Export(checkpoint, output: earlier).Bytes > 1000);
        Assert.True(Export(checkpoint, output: earlier).Bytes > 1000);

        // Not Fracture's (an Ultralytics model, or anything unreadable), or Fracture's of another task: left alone.
        var foreign = _temp.File("yolov8n.onnx");
        File.WriteAllText(foreign, "someone else's model");
        Assert.Contains("is not a model Fracture exported", Assert.Throws<FractureException>(() => Export(checkpoint, output: foreign)).Message, StringComparison.Ordinal);
        Assert.Equal("someone else's model", File.ReadAllText(foreign));
        var detector = _temp.File("fracture-detector.onnx");
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(earlier));
        model.MetadataProps.Single(p => p.Key == "task").Value = "detect";
        File.WriteAllBytes(detector, Google.Protobuf.MessageExtensions.ToByteArray(model));
        var detectorBytes = File.ReadAllBytes(detector);
        Assert.Contains("holds a detect model and this is a classify model", Assert.Throws<FractureException>(() => Export(checkpoint, output: detector)).Message, StringComparison.Ordinal);
        Assert.Equal(detectorBytes, File.ReadAllBytes(detector));
    }

    private ExportResult Export(string weights, bool flip = false, int? size = null, double? threshold = null, string? output = null) =>
        CheckpointExporter.Export(new ExportRequest
        {
            Weights = weights,
            Output = output ?? _temp.File("model.onnx"),
            FlipAverage = flip,
            ImageSize = size,
            Threshold = threshold,
        });

    // A checkpoint as the trainer writes last.ckpt: epoch 3 of a run whose best is epoch 2 (its history row also holds
    // the epoch's training loss, which is not a validation metric).
    private string WriteCheckpoint(string task, IReadOnlyDictionary<string, byte[]> sections)
    {
        var options = new TrainOptions { Task = task, Data = "fixtures/bone-fracture-mini/data.yaml", Model = "resnet18", ImageSize = 96, Name = "unit" };
        var history = new[]
        {
            new EpochRecord(1, new Dictionary<string, double> { ["auc"] = 0.5 }, 1e-3, 1),
            new EpochRecord(2, new Dictionary<string, double> { ["loss"] = 1.5, ["auc"] = 0.75 }, 1e-3, 1),
            new EpochRecord(3, new Dictionary<string, double> { ["auc"] = 0.625 }, 1e-3, 1),
        };
        var header = new CheckpointHeader(
            3, options, task == "detect" ? Names[1..] : Names, history[2].Values, new EarlyStopping(5, 0.75, 2), 30, history, DateTimeOffset.UnixEpoch);
        var path = _temp.File($"{task}.ckpt");
        Checkpoint.Write(path, header, sections);
        return path;
    }
}
