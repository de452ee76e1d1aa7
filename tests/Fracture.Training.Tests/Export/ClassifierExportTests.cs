using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Training.Export;
using Fracture.Training.Networks;
using Fracture.Training.Tasks.Classify;
using Google.Protobuf;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Export;

/// <summary>The exported classifier computes what the TorchSharp classifier and its softmax compute.</summary>
public sealed class ClassifierExportTests(ITestOutputHelper output)
{
    private const int Width = 128;
    private const int Height = 96;
    private static readonly string[] Names = [ClassifyData.NoFracture, "elbow fracture", "wrist fracture"];

    [Theory]
    [InlineData(ClassifierNetworks.ResNet18Pretrained)]
    [InlineData(ClassifierNetworks.ResNet18)]
    public void Fp32_probabilities_match_torchsharp_softmax(string name)
    {
        var images = ExportHarness.Images(4, Width, Height);
        using var network = Network(name, images, out var normalization);
        using var batch = ExportHarness.TorchBatch(images, normalization);
        var expected = Softmax(network, batch);

        using var session = ExportHarness.Session(OnnxModelExporter.Classifier(network, Names.Length, normalization, false, WeightPrecision.Fp32, Metadata()));
        var (actual, shape) = ExportHarness.Run(session, images);

        Assert.Equal([images.Count, Names.Length], shape);
        var diff = ExportHarness.MaxAbsDifference(expected, actual);
        output.WriteLine($"{name}: max |ONNX - TorchSharp| probability {diff:E2}; probabilities span {expected.Min():F3}..{expected.Max():F3}");
        Assert.True(diff <= 1e-3, $"max abs difference {diff}");
    }

    [Fact]
    public void Flip_average_output_is_the_mean_of_the_image_and_mirror_softmaxes()
    {
        var images = ExportHarness.Images(4, Width, Height);
        using var network = Network(ClassifierNetworks.ResNet18Pretrained, images, out var normalization);
        using var batch = ExportHarness.TorchBatch(images, normalization);
        float[] expected;
        using (no_grad())
        {
            using var logits = network.call(batch);
            using var averaged = ClassifyEvaluator.MirrorAveraged(network, batch, logits);
            expected = averaged.data<float>().ToArray();
        }

        var plain = Softmax(network, batch);
        using var session = ExportHarness.Session(OnnxModelExporter.Classifier(network, Names.Length, normalization, true, WeightPrecision.Fp32, Metadata()));
        var (actual, shape) = ExportHarness.Run(session, images);

        Assert.Equal([images.Count, Names.Length], shape);
        var diff = ExportHarness.MaxAbsDifference(expected, actual);
        var mirrorEffect = ExportHarness.MaxAbsDifference(plain, expected);
        output.WriteLine($"flip-average: max |ONNX - TorchSharp| {diff:E2}; the mirror moves probabilities by up to {mirrorEffect:F3}");
        Assert.True(diff <= 1e-3, $"max abs difference {diff}");

        // Otherwise the test could not tell an averaged output from a plain one.
        Assert.True(mirrorEffect > 1e-2, $"the mirror changed nothing ({mirrorEffect})");
    }

    [Fact]
    public void A_batch_of_two_gives_what_two_single_runs_give()
    {
        var images = ExportHarness.Images(2, Width, Height).Take(2).ToList();
        using var network = Network(ClassifierNetworks.ResNet18Pretrained, images, out var normalization);
        using var session = ExportHarness.Session(OnnxModelExporter.Classifier(network, Names.Length, normalization, true, WeightPrecision.Fp32, Metadata()));

        var (both, shape) = ExportHarness.Run(session, images);
        var first = ExportHarness.Run(session, [images[0]]).Values;
        var second = ExportHarness.Run(session, [images[1]]).Values;

        Assert.Equal([2, Names.Length], shape);
        var diff = ExportHarness.MaxAbsDifference([.. first, .. second], both);
        output.WriteLine($"batch of 2 vs 2 single runs (flip-averaged): max difference {diff:E2}");
        Assert.True(diff <= 1e-5, $"max abs difference {diff}");
    }

    [Fact]
    public void Fp16_and_int8_files_shrink_and_stay_close()
    {
        var images = ExportHarness.Images(4, Width, Height);
        using var network = Network(ClassifierNetworks.ResNet18Pretrained, images, out var normalization);
        using var batch = ExportHarness.TorchBatch(images, normalization);
        var expected = Softmax(network, batch);

        var sizes = new Dictionary<WeightPrecision, long>();
        var deviations = new Dictionary<WeightPrecision, double>();
        foreach (var precision in Enum.GetValues<WeightPrecision>())
        {
            var model = OnnxModelExporter.Classifier(network, Names.Length, normalization, false, precision, Metadata());
            sizes[precision] = model.CalculateSize();
            using var session = ExportHarness.Session(model);
            deviations[precision] = ExportHarness.MaxAbsDifference(expected, ExportHarness.Run(session, images).Values);
            output.WriteLine($"{WeightPrecisionNames.Name(precision)}: {sizes[precision] / 1e6:F1} MB, max |ONNX - TorchSharp fp32| probability {deviations[precision]:E2}");
        }

        // Weights dominate the file: 2 bytes instead of 4; int8 keeps small kernels (stem, layer1, head) float32.
        Assert.InRange(sizes[WeightPrecision.Fp16] / (double)sizes[WeightPrecision.Fp32], 0.49, 0.51);
        Assert.InRange(sizes[WeightPrecision.Int8] / (double)sizes[WeightPrecision.Fp32], 0.25, 0.27);

        // fp16 keeps 11 significant bits (relative error <= 2^-12 per weight); int8 keeps steps of 1/254 of each output
        // channel's largest weight, over a dozen quantised layers. With logits spread over about +-8 (a trained
        // head's range) this measured about 1e-3 and 3e-2 on these images; the bounds leave a factor of 3 to 10 for
        // other weights and images, and still catch a wrong scale axis or a missing Cast (errors of 0.3 and more).
        Assert.True(deviations[WeightPrecision.Fp32] <= 1e-3);
        Assert.True(deviations[WeightPrecision.Fp16] <= 1e-2, $"fp16 deviation {deviations[WeightPrecision.Fp16]}");
        Assert.True(deviations[WeightPrecision.Int8] <= 0.1, $"int8 deviation {deviations[WeightPrecision.Int8]}");
    }

    [Fact]
    public void Metadata_reads_back_through_onnx_runtime()
    {
        var images = ExportHarness.Images(1, Width, Height);
        using var network = Network(ClassifierNetworks.ResNet18Pretrained, images, out var normalization);
        var metadata = Metadata() with
        {
            Threshold = 0.37,
            FlipAverage = true,
            Weights = "int8",
            Training = """{"data":"fixtures/data.yaml","metrics":{"auc":0.9}}""",
            Commit = new string('a', 40),
            Description = "test classifier",
        };

        var model = OnnxModelExporter.Classifier(network, Names.Length, normalization, true, WeightPrecision.Int8, metadata);
        using var session = ExportHarness.Session(model);
        var properties = session.ModelMetadata.CustomMetadataMap;
        var read = ModelMetadata.Parse("model.onnx", properties);

        Assert.Equal(metadata.ToProperties(), read.ToProperties());
        Assert.Equal(Names, read.Names);
        Assert.Equal(ModelTask.Classify, read.Task);
        Assert.Equal((Height, Height), (read.InputHeight, read.InputWidth));
        Assert.Equal(0, read.NegativeClass);
        Assert.Equal(0.37, read.Threshold);
        Assert.True(read.FlipAverage);
        Assert.True(read.IsFracture);
        Assert.Equal("fracture", session.ModelMetadata.ProducerName);
        Assert.Equal(OnnxModelExporter.Opset, model.OpsetImport.Single().Version);
    }

    /// <summary>
    /// The network (seeded) with BatchNorm statistics moved by the images, and its head's weights scaled up so the
    /// logits spread about as a trained head's do (a fresh head gives nearly uniform probabilities, hiding errors).
    /// </summary>
    private static ResNet Network(string name, IReadOnlyList<DecodedImage> images, out InputNormalization normalization)
    {
        normalization = ClassifierNetworks.NormalizationOf(name);
        torch.random.manual_seed(7);
        var network = ClassifierNetworks.Create(name, Names.Length, initialWeights: true);
        using var batch = ExportHarness.TorchBatch(images, normalization);
        ExportHarness.SettleBatchNorm(network, batch);
        using (no_grad())
        {
            var head = network.named_parameters().Single(p => p.name == "fc.weight").parameter;
            head.mul_(name == ClassifierNetworks.ResNet18 ? 4 : 5);
        }

        return network;
    }

    private static float[] Softmax(ResNet network, Tensor batch)
    {
        network.eval();
        using var noGrad = no_grad();
        using var logits = network.call(batch);
        using var probabilities = logits.softmax(1);
        return probabilities.data<float>().ToArray();
    }

    private static ModelMetadata Metadata() => new()
    {
        Task = ModelTask.Classify,
        Names = Names,
        InputHeight = Height,
        InputWidth = Height,
        NegativeClass = 0,
        IsFracture = true,
    };
}
