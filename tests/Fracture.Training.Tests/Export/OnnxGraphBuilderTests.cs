using Fracture.Training.Export;
using Fracture.Training.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using OrtTensors = Microsoft.ML.OnnxRuntime.Tensors;

namespace Fracture.Training.Tests.Export;

/// <summary>The graph builder's pieces on values worked out by hand.</summary>
public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void Int8_quantises_each_output_channel_by_its_largest_weight()
    {
        // Channel 0: scale 2/127, so 2 -> 127, -1.5 -> -95.25 -> -95, 0.25 -> 15.875 -> 16.
        // Channel 1: scale 0.1/127, so 0.1 -> 127, 0 -> 0, -0.04 -> -50.8 -> -51. Channel 2 is all zero: scale 1.
        var (values, scales) = OnnxTensorEncoding.QuantizePerChannel([2f, -1.5f, 0.25f, 0.1f, 0f, -0.04f, 0f, 0f, 0f], 3);

        Assert.Equal([127, -95, 16, 127, 0, -51, 0, 0, 0], values.Select(v => (int)v));
        Assert.Equal(2f / 127, scales[0]);
        Assert.Equal(0.1f / 127, scales[1]);
        Assert.Equal(1f, scales[2]);
    }

    [Fact]
    public void Fp16_encodes_little_endian_halves_and_refuses_values_beyond_its_range()
    {
        var tensor = OnnxTensorEncoding.Float16("w", [1f, -2f, 65504f], [3]);

        Assert.NotNull(tensor);
        Assert.Equal((int)TensorProto.Types.DataType.Float16, tensor.DataType);
        Assert.Equal([0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B], tensor.RawData.ToByteArray());
        Assert.Null(OnnxTensorEncoding.Float16("w", [1f, 1e6f], [2]));
    }

    [Fact]
    public void Batch_norm_folds_into_the_convolution_before_it()
    {
        // Two output channels of two weights; var + eps = 4 for both, so s = gamma / 2 = 1 and 0.5.
        // Channel 0: w * 1, b = 0.5 + (1 - 1) * 1 = 0.5. Channel 1: w * 0.5, b = 0 + (2 - (-1)) * 0.5 = 1.5.
        var (weight, bias) = BatchNormFolding.Fold([1f, 2f, 3f, 4f], [1f, 2f], [2f, 1f], [0.5f, 0f], [1f, -1f], [3f, 3f], epsilon: 1);

        Assert.Equal([1f, 2f, 1.5f, 2f], weight);
        Assert.Equal([0.5f, 1.5f], bias);
    }

    [Fact]
    public void Names_are_scoped_and_made_unique()
    {
        var graph = new OnnxGraphBuilder(WeightPrecision.Fp32);
        using (graph.Scope("layer1"))
        {
            using (graph.Scope("0"))
            {
                Assert.Equal("layer1.0.conv", graph.UniqueName("conv"));
                Assert.Equal("layer1.0.conv_2", graph.UniqueName("conv"));
            }

            Assert.Equal("layer1.conv", graph.UniqueName("conv"));
        }

        Assert.Equal("conv", graph.UniqueName("conv"));
    }

    [Theory]
    [InlineData(WeightPrecision.Fp16, TensorProto.Types.DataType.Float16, "Cast")]
    [InlineData(WeightPrecision.Int8, TensorProto.Types.DataType.Int8, "DequantizeLinear")]
    public void A_compact_linear_layer_runs_as_its_rounded_weights(WeightPrecision precision, TensorProto.Types.DataType stored, string op)
    {
        // 256 x 256 = 65,536 weights: just large enough to be quantised to int8.
        const int Side = 256;
        var random = new Random(3);
        var weights = Enumerable.Range(0, Side * Side).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var input = Enumerable.Range(0, Side).Select(i => (float)Math.Sin(i)).ToArray();
        var graph = new OnnxGraphBuilder(precision);
        var x = graph.AddInput("x", OnnxDim.Fixed(1), OnnxDim.Fixed(Side));
        var w = graph.Weight("weight", weights, [Side, Side]);
        graph.AddOutput("y", graph.Node("Gemm", [x, w], "gemm", OnnxAttributes.Int("transB", 1)), OnnxDim.Fixed(1), OnnxDim.Fixed(Side));
        var model = new ModelProto { IrVersion = 8, Graph = graph.Build("test") };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxModelExporter.Opset });

        Assert.Contains(model.Graph.Initializer, t => t.DataType == (int)stored);
        Assert.Contains(model.Graph.Node, n => n.OpType == op);
        var rounded = Rounded(precision, weights, Side);
        using var temp = new TempFolder();
        using var options = new SessionOptions { OptimizedModelFilePath = temp.File("optimized.onnx") };

        // Without this ONNX Runtime keeps DequantizeLinear nodes (to preserve QDQ patterns) and dequantises every run.
        options.AddSessionConfigEntry("session.disable_quant_qdq", "1");
        using var session = new InferenceSession(model.ToByteArray(), options);

        // The Cast or DequantizeLinear is folded into a float initializer at load: the same float Gemm runs.
        var optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(temp.File("optimized.onnx")));
        Assert.DoesNotContain(optimized.Graph.Node, n => n.OpType == op);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", new OrtTensors.DenseTensor<float>(input, [1, Side]))]);
        var actual = results.Single().AsTensor<float>().ToArray();
        for (var o = 0; o < Side; o++)
        {
            var expected = Enumerable.Range(0, Side).Sum(i => (double)rounded[(o * Side) + i] * input[i]);
            Assert.Equal(expected, actual[o], 1e-4);
        }
    }

    [Fact]
    public void Small_kernels_stay_float32_in_int8_graphs()
    {
        var graph = new OnnxGraphBuilder(WeightPrecision.Int8);
        graph.Weight("small", new float[OnnxGraphBuilder.Int8MinimumElements - 1], [OnnxGraphBuilder.Int8MinimumElements - 1, 1]);

        var built = graph.Build("test");

        Assert.Equal((int)TensorProto.Types.DataType.Float, Assert.Single(built.Initializer).DataType);
        Assert.Empty(built.Node);
        Assert.Equal(OnnxGraphBuilder.Int8MinimumElements - 1, graph.Parameters);
    }

    // The weights as the graph holds them after its Cast or DequantizeLinear.
    private static float[] Rounded(WeightPrecision precision, float[] weights, int channels)
    {
        if (precision == WeightPrecision.Fp16)
        {
            return [.. weights.Select(w => (float)(Half)w)];
        }

        var (values, scales) = OnnxTensorEncoding.QuantizePerChannel(weights, channels);
        var per = weights.Length / channels;
        return [.. values.Select((q, i) => q * scales[i / per])];
    }
}
