using Fracture.Core.Models;

namespace Fracture.Core.Tests.Models;

public sealed class ModelMetadataTests
{
    [Fact]
    public void Fracture_metadata_reads_back_as_written()
    {
        var written = new ModelMetadata
        {
            Task = ModelTask.Classify,
            Names = ["no fracture", "elbow fracture", "driver's \"x\""],
            InputHeight = 224,
            InputWidth = 256,
            NegativeClass = 0,
            Threshold = 0.600834,
            FlipAverage = true,
            Weights = "fp16",
            Commit = "abc123",
            Training = """{"epochs":14}""",
            IsFracture = true,
        };

        var read = ModelMetadata.Parse("m.onnx", written.ToProperties());

        Assert.Equal(written with { Names = read.Names }, read);
        Assert.Equal(written.Names, read.Names);
    }

    [Fact]
    public void Ultralytics_detect_metadata_is_understood()
    {
        // Keys and values as an Ultralytics 8.3 detect export writes them.
        var properties = new Dictionary<string, string>
        {
            ["description"] = "Ultralytics YOLO11n model trained on coco.yaml",
            ["author"] = "Ultralytics",
            ["stride"] = "32",
            ["task"] = "detect",
            ["batch"] = "1",
            ["imgsz"] = "[640, 480]",
            ["names"] = "{0: 'person', 1: \"driver's license\", 2: 'a\\\\b'}",
        };

        var read = ModelMetadata.Parse("yolo11n.onnx", properties);

        Assert.Equal(ModelTask.Detect, read.Task);
        Assert.Equal(["person", "driver's license", "a\\b"], read.Names);
        Assert.Equal((640, 480), (read.InputHeight, read.InputWidth));
        Assert.Equal(ResizeMode.Letterbox, read.Resize);
        Assert.Equal(114, read.PadValue);
        Assert.False(read.IsFracture);
        Assert.Null(read.Threshold);
    }

    [Fact]
    public void Ultralytics_classifiers_are_centre_cropped()
    {
        var read = ModelMetadata.Parse("cls.onnx", new Dictionary<string, string>
        {
            ["task"] = "classify",
            ["imgsz"] = "[224, 224]",
            ["names"] = "{0: 'a', 1: 'b'}",
        });

        Assert.Equal(ResizeMode.CenterCrop, read.Resize);
    }

    [Theory]
    [InlineData("task", "pose", "task 'pose' is not supported")]
    [InlineData("names", "['a', 'b']", "metadata 'names' is not a map")]
    [InlineData("names", "{0: 'a', 2: 'b'}", "metadata 'names' is not a map")]
    [InlineData("imgsz", "[640, x]", "metadata 'imgsz' is not an input size")]
    [InlineData("stride", "thirty", "metadata 'stride' is not a whole number")]
    public void Unreadable_metadata_is_a_clear_error(string key, string value, string message)
    {
        var properties = new Dictionary<string, string>
        {
            ["task"] = "detect",
            ["imgsz"] = "[640, 640]",
            ["names"] = "{0: 'a', 1: 'b'}",
            [key] = value,
        };

        var error = Assert.Throws<ModelFormatException>(() => ModelMetadata.Parse("bad.onnx", properties));

        Assert.StartsWith("bad.onnx: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_task_says_how_to_make_one()
    {
        var error = Assert.Throws<ModelFormatException>(() => ModelMetadata.Parse("plain.onnx", new Dictionary<string, string>()));

        Assert.Contains("no 'task'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_formatted_as_python_writes_them()
    {
        Assert.Equal("{0: 'elbow', 1: \"driver's\", 2: 'a\\\\b'}", UltralyticsNames.Format(["elbow", "driver's", "a\\b"]));
    }
}
