using Fracture.Core.Models;
using Fracture.Inference.Tests.Support;

namespace Fracture.Inference.Tests;

/// <summary>Every way a model file can be unusable gives a <see cref="ModelFormatException"/> naming the file and the problem on one line.</summary>
public sealed class ModelOpeningTests : IDisposable
{
    private static readonly string[] Names = ["elbow", "wrist"];
    private static readonly float[][] Anchors = [[16, 32, 16, 16, 0.9f, 0.05f]];

    private readonly TempFolder _folder = new();

    [Fact]
    public void A_valid_model_opens_as_its_task_with_its_metadata()
    {
        using var predictor = TestModels.Open(_folder, TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 64, 64)));

        Assert.IsType<DetectPredictor>(predictor);
        Assert.Equal(Names, predictor.Metadata.Names);
        Assert.Equal((64, 64), (predictor.Metadata.InputHeight, predictor.Metadata.InputWidth));
        Assert.Equal("Ultralytics", predictor.Metadata.Author);
    }

    [Fact]
    public void An_input_of_open_size_is_fed_at_the_metadata_size()
    {
        // Input [batch, 3, ?, ?] and output [batch, ?, ?], as a dynamic Ultralytics export: 48x48 from 'imgsz'.
        var graph = new OnnxGraphBuilder(48, 48, dynamicSize: true);
        float[] block = [24, 24, 48, 48, 0.9f, 0.1f];
        var output = graph.FollowInput(graph.Constant(block, 1, 6, 1), graph.Constant([0f], 1), graph.MeanPerImage(2));
        graph.Output("output0", output, null, -1, -1);
        using var predictor = TestModels.Open(_folder, graph.Build(TestModels.Ultralytics("detect", Names, 48, 48)));

        var finding = Assert.Single(predictor.Predict(TestImages.Solid(96, 96, 10)).Findings);

        // The box fills the 48x48 input, so it fills the 96x96 image.
        Assert.Equal(new Core.Geometry.PixelBox(0, 0, 96, 96), finding.Box);
    }

    [Fact]
    public void A_missing_file()
    {
        var path = _folder.File("nowhere.onnx");

        var error = Refused(path, "file not found");

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void A_truncated_copy_of_a_valid_file()
    {
        var path = Save(TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 64, 64)));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        Refused(path, "not a readable ONNX model (truncated or corrupt?): Protobuf parsing failed.");
    }

    [Fact]
    public void A_text_file_named_onnx()
    {
        var path = _folder.File("notes.onnx");
        File.WriteAllText(path, "These are not the weights you are looking for.\n");

        Refused(path, "not a readable ONNX model");
    }

    [Fact]
    public void Metadata_without_a_task()
    {
        var metadata = TestModels.Ultralytics("detect", Names, 64, 64);
        metadata.Remove(ModelMetadata.TaskKey);

        Refused(Save(TestModels.Detect(64, Anchors, metadata)), "its metadata has no 'task'");
        Refused(Save(TestModels.Detect(64, Anchors, new Dictionary<string, string>()), "bare.onnx"), "its metadata has no 'task'");
    }

    [Fact]
    public void A_detector_whose_channels_do_not_match_its_names()
    {
        // 6 rows (4 + 2 classes) but 3 names.
        var metadata = TestModels.Ultralytics("detect", ["a", "b", "c"], 64, 64);

        Refused(Save(TestModels.Detect(64, Anchors, metadata)), "output 'output0' is float [batch, 6, 1]; a detect model with 3 class names outputs [N, 7, anchors]");
    }

    [Fact]
    public void A_model_of_another_task_than_its_outputs()
    {
        // A detector's output under a classifier's metadata, and under a segmenter's (which needs prototypes).
        Refused(Save(TestModels.Detect(64, Anchors, TestModels.Ultralytics("classify", Names, 64, 64))), "a classify model with 2 class names outputs [N, 2]");
        Refused(Save(TestModels.Detect(64, Anchors, TestModels.Ultralytics("segment", Names, 64, 64)), "segment.onnx"), "a segment model outputs");
        Refused(Save(TestModels.Detect(64, Anchors, TestModels.Ultralytics("pose", Names, 64, 64)), "pose.onnx"), "task 'pose' is not supported");
    }

    [Fact]
    public void An_input_that_is_not_three_planes_or_not_the_metadata_size()
    {
        var grey = new OnnxGraphBuilder(64, 64, channels: 1);
        grey.Output("output0", grey.MeanPerImage(2), null, 1, 1);
        Refused(Save(grey.Build(TestModels.Ultralytics("detect", Names, 64, 64))), "input 'images' is float [batch, 1, 64, 64]; expected float32 [N, 3, H, W]");

        Refused(Save(TestModels.Detect(64, Anchors, TestModels.Ultralytics("detect", Names, 32, 32)), "size.onnx"), "metadata 'imgsz' says 32x32");
    }

    [Fact]
    public void A_negative_class_that_is_not_a_class()
    {
        var metadata = new ModelMetadata { Task = ModelTask.Classify, Names = ["no", "yes"], InputHeight = 32, InputWidth = 32, NegativeClass = 2, IsFracture = true };

        Refused(Save(TestModels.Classify(32, [0, 1], true, TestModels.Fracture(metadata))), "'fracture.negative_class' is 2, not one of the 2 classes");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.1, "-0.1")]
    public void A_threshold_that_is_not_a_number_between_0_and_1(double threshold, string shown)
    {
        var metadata = new ModelMetadata { Task = ModelTask.Detect, Names = Names, InputHeight = 64, InputWidth = 64, Threshold = threshold };

        Refused(Save(TestModels.Detect(64, Anchors, TestModels.Fracture(metadata))), $"'fracture.threshold' is {shown}, not a number between 0 and 1");
    }

    public void Dispose() => _folder.Dispose();

    private string Save(Onnx.ModelProto model, string name = "model.onnx")
    {
        var path = _folder.File(name);
        OnnxGraphBuilder.Save(model, path);
        return path;
    }

    private static ModelFormatException Refused(string path, string problem)
    {
        var error = Assert.Throws<ModelFormatException>(() => Predictor.Open(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(path, error.Message[path.Length..], StringComparison.Ordinal);
        return error;
    }
}
