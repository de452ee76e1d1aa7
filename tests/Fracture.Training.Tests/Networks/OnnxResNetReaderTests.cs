using System.Buffers.Binary;
using Fracture.Core.Models;
using Fracture.Training.Networks;
using Fracture.Training.Tests.Support;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;

namespace Fracture.Training.Tests.Networks;

public sealed class OnnxResNetReaderTests(ITestOutputHelper output)
{
    [Fact]
    public void The_shipped_resnet18_reads_as_2_2_2_3_with_every_weight_mapped()
    {
        var graph = OnnxResNetReader.Read(TestPaths.ResNet18Onnx);
        output.WriteLine($"layout {graph.Layout}, epsilon {graph.BatchNormEpsilon:R}, ONNX momentum {graph.OnnxBatchNormMomentum:R}");

        Assert.Equal(ResNetLayout.DnnImageFeaturizer18, graph.Layout);
        Assert.Equal(1e-5, graph.BatchNormEpsilon);
        Assert.Equal(22, graph.Units.Count);
        Assert.Equal("conv1", graph.Units[0].ConvName);
        Assert.Contains(graph.Units, u => u.ConvName == "layer4.0.downsample.0" && u.BatchNormName == "layer4.0.downsample.1");
        Assert.Equal([512L, 512, 3, 3], graph.Units[^1].Weight.Dims);
        Assert.Equal("layer4.2.conv2", graph.Units[^1].ConvName);
    }

    [Fact]
    public void Float_data_and_raw_data_initializers_read_the_same()
    {
        float[] values = [1.5f, -2.25f, 3e-7f, float.MaxValue, 0f, -0f];
        var asFloats = new TensorProto { Name = "f", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 2, 3 }, FloatData = { values } };
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        var asRaw = new TensorProto { Name = "r", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 2, 3 }, RawData = ByteString.CopyFrom(raw) };

        Assert.Equal(values, OnnxTensors.ReadFloats(asFloats, "x.onnx"));
        Assert.Equal(values, OnnxTensors.ReadFloats(asRaw, "x.onnx"));
    }

    [Fact]
    public void Short_initializer_data_is_reported_as_truncated()
    {
        var tensor = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 4 }, RawData = ByteString.CopyFrom(new byte[12]) };
        var error = Assert.Throws<ModelFormatException>(() => OnnxTensors.ReadFloats(tensor, "x.onnx"));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("x.onnx: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_of_the_wrong_shape_is_reported_with_both_shapes()
    {
        // The stem BatchNorm's scale cut from 64 to 32 channels: the graph still parses, the copy must refuse it.
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestPaths.ResNet18Onnx));
        var scaleName = model.Graph.Node.First(n => n.OpType == "BatchNormalization").Input[1];
        var scale = model.Graph.Initializer.Single(t => t.Name == scaleName);
        var kept = scale.FloatData.Take(32).ToArray();
        scale.FloatData.Clear();
        scale.FloatData.Add(kept);
        scale.Dims[0] = 32;

        using var temp = new TempFolder();
        var path = temp.File("narrow-bn.onnx");
        File.WriteAllBytes(path, model.ToByteArray());

        var error = Assert.Throws<ModelFormatException>(() => PretrainedResNet18.Load(0, path));
        output.WriteLine(error.Message);
        Assert.Contains("[32]", error.Message, StringComparison.Ordinal);
        Assert.Contains("bn1.weight needs [64]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_block_changes_the_layout_and_is_refused()
    {
        // Bypass layer4's last block: its nodes and weights are then outside the ResNet pattern.
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestPaths.ResNet18Onnx));
        var pool = model.Graph.Node.Single(n => n.OpType == "AveragePool");
        var lastAdd = model.Graph.Node.Last(n => n.OpType == "Add");
        pool.Input[0] = lastAdd.Input[1];

        using var temp = new TempFolder();
        var path = temp.File("short.onnx");
        File.WriteAllBytes(path, model.ToByteArray());

        var error = Assert.Throws<ModelFormatException>(() => PretrainedResNet18.Load(0, path));
        output.WriteLine(error.Message);
        Assert.Contains("unexpected ResNet layout", error.Message, StringComparison.Ordinal);
    }
}
