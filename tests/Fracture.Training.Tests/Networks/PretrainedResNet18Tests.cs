using System.Diagnostics;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Training.Networks;
using Fracture.Training.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using OrtTensors = Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using Xunit.Abstractions;

namespace Fracture.Training.Tests.Networks;

public sealed class PretrainedResNet18Tests(ITestOutputHelper output)
{
    private const int Side = 224;

    [Fact]
    public void Features_match_onnx_runtime_on_a_real_xray()
    {
        var image = ImageResizer.Resize(ImageDecoder.Decode(TestPaths.FirstFixtureImage), Side, Side);

        // The exact ONNX input: ResNetPreprocess.onnx takes raw RGB planes (0..255), reorders to BGR and subtracts
        // its 224x224 mean image; ResNet18.onnx turns that into 512 pooled features.
        var rawRgb = new InputNormalization(ChannelOrder.Rgb, 1f, [0f, 0f, 0f], [1f, 1f, 1f]).ToArray(image);
        var prepared = RunOnnx(TestPaths.PreprocessOnnx, rawRgb, [1, 3, Side, Side]);
        var expected = RunOnnx(TestPaths.ResNet18Onnx, prepared, [1, 3, Side, Side]);
        Assert.Equal(ResNet.FeatureDimension, expected.Length);

        // Time the load alone, not libtorch's one-off native start-up in a fresh test process.
        using (torch.zeros(1))
        {
        }

        var watch = Stopwatch.StartNew();
        using var network = PretrainedResNet18.Load(0);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        network.eval();
        var actual = Features(network, prepared, Side, Side);

        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"pretrained weights loaded in {loadSeconds:F2} s");
        output.WriteLine($"max |ONNX Runtime - TorchSharp| over 512 features: {maxDiff:E2} (largest feature {expected.Max():F3})");
        Assert.True(maxDiff <= 1e-4, $"max abs difference {maxDiff}");

        // The channel-mean normalisation (usable at any size) against the per-pixel mean image the file was built with.
        var approximate = Features(network, PretrainedResNet18.Normalization.ToArray(image), Side, Side);
        output.WriteLine($"channel means instead of the mean image: cosine similarity {Cosine(expected, approximate):F5}");
    }

    [Fact]
    public void Any_input_size_gives_512_features()
    {
        var image = ImageResizer.Resize(ImageDecoder.Decode(TestPaths.FirstFixtureImage), 320, 256);
        using var network = PretrainedResNet18.Load(0);
        network.eval();

        var features = Features(network, PretrainedResNet18.Normalization.ToArray(image), 256, 320);

        Assert.Equal(ResNet.FeatureDimension, features.Length);
        Assert.All(features, f => Assert.True(float.IsFinite(f) && f >= 0));
    }

    [Fact]
    public void Head_is_new_and_eval_forward_of_a_batch_of_16_is_timed()
    {
        using var network = PretrainedResNet18.Load(2);
        network.eval();
        Assert.Contains("fc.weight", network.state_dict().Keys);

        using var noGrad = torch.no_grad();
        using var batch = torch.randn(16, 3, Side, Side);

        // One untimed pass first: the first call at a new shape also pays for allocator and kernel set-up.
        using (network.call(batch))
        {
        }

        var watch = Stopwatch.StartNew();
        using var logits = network.call(batch);
        output.WriteLine($"eval forward, batch 16 at {Side}x{Side}: {watch.Elapsed.TotalSeconds:F2} s (one run)");
        Assert.Equal([16L, 2], logits.shape);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-folder", "ResNet18.onnx");
        var error = Assert.Throws<ModelFormatException>(() => PretrainedResNet18.Load(0, path));
        Assert.Equal(path, error.Path);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Truncated_file_is_reported(double keep)
    {
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(TestPaths.ResNet18Onnx);
        var path = temp.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);

        var error = Assert.Throws<ModelFormatException>(() => PretrainedResNet18.Load(0, path));
        output.WriteLine(error.Message);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Garbage_file_is_reported()
    {
        using var temp = new TempFolder();
        var path = temp.File("garbage.onnx");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 37) ^ (i >> 3)))]);

        var error = Assert.Throws<ModelFormatException>(() => PretrainedResNet18.Load(0, path));
        output.WriteLine(error.Message);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void An_onnx_file_of_another_network_is_an_unexpected_layout()
    {
        var error = Assert.Throws<ModelFormatException>(() => PretrainedResNet18.Load(0, TestPaths.PreprocessOnnx));
        output.WriteLine(error.Message);
        Assert.Contains("unexpected ResNet layout", error.Message, StringComparison.Ordinal);
    }

    private static float[] Features(ResNet network, float[] chw, int height, int width)
    {
        using var noGrad = torch.no_grad();
        using var input = torch.tensor(chw, [1, 3, height, width]);
        using var features = network.call(input);
        Assert.Equal([1L, ResNet.FeatureDimension], features.shape);
        return features.data<float>().ToArray();
    }

    private static float[] RunOnnx(string modelPath, float[] input, int[] shape)
    {
        using var session = new InferenceSession(modelPath);
        var inputName = session.InputMetadata.Keys.Single();
        var tensor = new OrtTensors.DenseTensor<float>(input, shape);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        return [.. results.Single().AsTensor<float>()];
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
