using Fracture.Training.Benchmarks.Inference;
using Fracture.Training.Engine;
using Fracture.Training.Export;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using Fracture.Training.Tests.Support;
using TorchSharp;

namespace Fracture.Training.Tests.Benchmarks;

/// <summary>
/// `fracture bench infer` in process on a detector with random weights at toy size: both engines run the very same
/// network (the exporter's EMA weights), every series has one entry per timed round. No timing is asserted.
/// </summary>
public sealed class InferenceBenchmarkTests : IDisposable
{
    private static readonly string[] Names = ["elbow fracture", "wrist fracture"];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Times_both_engines_on_the_checkpoint_s_ema_weights()
    {
        var checkpoint = WriteDetectorCheckpoint();
        var model = CheckpointExporter.Export(new ExportRequest { Weights = checkpoint, Output = _temp.File("detector.onnx"), Precision = WeightPrecision.Fp32 }).Path;
        var images = Directory.GetFiles(TestPaths.FixtureImages, "*.jpg").Order(StringComparer.Ordinal).Take(3).ToArray();
        var lines = new List<string>();

        var result = InferenceBenchmark.Run(new InferenceBenchmarkOptions(model, checkpoint, images, Warmup: 0, Iterations: 2, Batch: 2), lines.Add);

        Assert.Equal(("detect", "resnet18", "ema", 64, 3), (result.Model.Task, result.Model.Network, result.Model.WeightsSection, result.Model.InputSize, result.Model.Images));
        Assert.Equal(Names, result.Model.ClassNames);

        // The "model" section holds other random weights: agreement this close means both ran the EMA ones.
        Assert.InRange(result.Model.MaxAbsOutputDifference!.Value, 0, 1e-2);
        foreach (var engine in new[] { result.OnnxRuntime, result.TorchSharp! })
        {
            foreach (var timing in new[] { engine.ModelOnly, engine.EndToEnd })
            {
                Assert.Equal((2, 2, 2), (timing.Batch1Ms.Count, timing.BatchMs.Count, timing.Batch));
                Assert.True(timing.Batch1P50Ms > 0 && timing.BatchImagesPerSecond > 0);
            }
        }

        Assert.Equal(("onnxruntime", "torchsharp"), (result.OnnxRuntime.Engine, result.TorchSharp!.Engine));
        Assert.Equal(2, result.Machine.Threads);
        Assert.Equal(result.TorchSharp.EndToEnd.Batch1P50Ms / result.OnnxRuntime.EndToEnd.Batch1P50Ms, result.Ratios!.EndToEndBatch1P50, 12);
        Assert.Contains(lines, l => l.StartsWith("detect resnet18 64px", StringComparison.Ordinal));
    }

    [Fact]
    public void A_segmenters_batch_decodes_each_image_from_its_own_rows()
    {
        var checkpoint = WriteCheckpoint("segment");
        var metadata = CheckpointExporter.Export(new ExportRequest { Weights = checkpoint, Output = _temp.File("segmenter.onnx"), Precision = WeightPrecision.Fp32 }).Metadata;
        var image = File.ReadAllBytes(Directory.GetFiles(TestPaths.FixtureImages, "*.jpg").Order(StringComparer.Ordinal).First());
        using var network = TrainedNetwork.Create(Checkpoint.Read(checkpoint));
        // Random weights score every box near the class prior (0.01): a low threshold keeps some.
        var engine = new TorchSharpEngine(network, metadata with { Threshold = 0.001 });

        var one = engine.RunEndToEnd([image]);
        var two = engine.RunEndToEnd([image, image]);

        // The same image twice has the same boxes twice; slicing rows of 4 + C (a detector's) read the second
        // image's boxes from the first one's mask coefficients.
        Assert.True(one > 0);
        Assert.Equal(2 * one, two);
    }

    [Fact]
    public void An_ultralytics_export_is_timed_by_onnx_runtime_alone_at_the_batch_it_fixes()
    {
        // Genuine Ultralytics exports (no checkpoint here; batch fixed at 1 unless exported dynamic=True) could not be
        // timed at all: --weights was required and the pair had to be a Fracture export.
        var model = AsUltralyticsExport(CheckpointExporter.Export(new ExportRequest { Weights = WriteDetectorCheckpoint(), Output = _temp.File("detector.onnx"), Precision = WeightPrecision.Fp32 }).Path);
        var images = Directory.GetFiles(TestPaths.FixtureImages, "*.jpg").Order(StringComparer.Ordinal).Take(2).ToArray();
        var lines = new List<string>();

        var result = InferenceBenchmark.Run(new InferenceBenchmarkOptions(model, null, images, Warmup: 0, Iterations: 2, Batch: 4), lines.Add);

        Assert.Equal((null, null, null, null), (result.TorchSharp, result.Ratios, result.Model.Checkpoint, result.SpeedTargetMet));
        Assert.Equal(("detect", "Ultralytics YOLOv8n model trained on data.yaml", 1), (result.Model.Task, result.Model.Network, result.Options.Batch));
        foreach (var timing in new[] { result.OnnxRuntime.ModelOnly, result.OnnxRuntime.EndToEnd })
        {
            Assert.Equal((2, 2, 1), (timing.Batch1Ms.Count, timing.BatchMs.Count, timing.Batch));
        }

        Assert.Contains(lines, l => l.Contains("takes batches of 1 only", StringComparison.Ordinal));
    }

    [Fact]
    public void An_export_that_fixes_a_batch_of_more_than_one_is_refused_in_one_line_before_anything_is_timed()
    {
        // Ultralytics' `export batch=4` (not dynamic) fixes the batch at 4: the batch-1 figures cannot be measured on it,
        // and the model-only batch-1 call crashed with an ArgumentException ("a bug in fracture") mid-run.
        var model = AsUltralyticsExport(CheckpointExporter.Export(new ExportRequest { Weights = WriteDetectorCheckpoint(), Output = _temp.File("detector.onnx"), Precision = WeightPrecision.Fp32 }).Path, batch: 4);
        var images = Directory.GetFiles(TestPaths.FixtureImages, "*.jpg").Order(StringComparer.Ordinal).Take(2).ToArray();

        var error = Assert.Throws<Core.FractureException>(() => InferenceBenchmark.Run(new InferenceBenchmarkOptions(model, null, images, Warmup: 0, Iterations: 1, Batch: 2)));

        Assert.Equal($"{model} takes batches of 4 only, and bench infer times batch 1 too: export it with batch=1 (Ultralytics' default) or dynamic=True", error.Message);
    }

    [Fact]
    public void An_image_that_cannot_be_decoded_is_named_before_anything_is_timed()
    {
        var broken = _temp.File("broken.jpg");
        File.WriteAllBytes(broken, [0xFF, 0xD8, 0xFF, 0x00]);

        var error = Assert.ThrowsAny<Core.FractureException>(() => InferenceBenchmark.Run(new InferenceBenchmarkOptions(_temp.File("none.onnx"), "w.ckpt", [broken])));

        Assert.StartsWith("broken.jpg: ", error.Message, StringComparison.Ordinal);
    }

    private string WriteDetectorCheckpoint() => WriteCheckpoint("detect");

    /// <summary>
    /// The export rewritten as Ultralytics writes its files: its metadata keys (no fracture.*, so no checkpoint can
    /// pair with it) and the batch fixed, at 1 unless told (metadata batch 1, input [1, 3, H, W]).
    /// </summary>
    private string AsUltralyticsExport(string exported, int batch = 1)
    {
        var fixedBatch = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var onnx = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(exported));
        var names = onnx.MetadataProps.Single(p => p.Key == "names").Value;
        var imgsz = onnx.MetadataProps.Single(p => p.Key == "imgsz").Value;
        onnx.MetadataProps.Clear();
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["description"] = "Ultralytics YOLOv8n model trained on data.yaml", ["author"] = "Ultralytics", ["version"] = "8.4.33", ["stride"] = "32",
            ["task"] = "detect", ["batch"] = fixedBatch, ["imgsz"] = imgsz, ["names"] = names, ["channels"] = "3", ["end2end"] = "False",
        })
        {
            onnx.MetadataProps.Add(new Onnx.StringStringEntryProto { Key = key, Value = value });
        }

        var dimension = onnx.Graph.Input[0].Type.TensorType.Shape.Dim[0];
        dimension.ClearValue();
        dimension.DimValue = batch;
        var path = _temp.File("yolov8n.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(onnx));
        return path;
    }

    private string WriteCheckpoint(string task)
    {
        torch.random.manual_seed(11);
        using var trained = Create(task);
        using var ema = Create(task);
        var options = new TrainOptions { Task = task, Data = "fixtures/bone-fracture-mini/data.yaml", Model = DetectorNetworks.ResNet18, ImageSize = 64, Name = "unit" };
        var header = new CheckpointHeader(1, options, Names, new Dictionary<string, double>(), new EarlyStopping(5), 1, [], DateTimeOffset.UnixEpoch);
        var path = _temp.File($"{task}.ckpt");
        Checkpoint.Write(path, header, new Dictionary<string, byte[]> { ["model"] = ModuleState.Save(trained), ["ema"] = ModuleState.Save(ema) });
        return path;
    }

    private static torch.nn.Module<torch.Tensor, torch.Tensor> Create(string task) => task == "segment"
        ? SegmenterNetworks.Create(DetectorNetworks.ResNet18, Names.Length, initialWeights: false)
        : DetectorNetworks.Create(DetectorNetworks.ResNet18, Names.Length, initialWeights: false);
}
