using Fracture.Core.Models;
using Fracture.Training.Engine;
using Fracture.Training.Export;
using Fracture.Training.Networks;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Networks.Segmentation;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using Fracture.Training.Tests.Export;
using Fracture.Training.Tests.Support;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Engine;

/// <summary>
/// `--init FILE.onnx`: a network read back from its own export computes what the exported one did (eval mode, every
/// precision), a segmenter takes a detector's file with its outline branches left fresh, calibrated BatchNorms make
/// training mode compute the same, and files that do not fit are refused with the reason.
/// </summary>
public sealed class OnnxInitialWeightsTests(ITestOutputHelper output) : IDisposable
{
    private const int Classes = 3;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // Bounds over the measured norm-relative differences: fp32 1e-6 (rounding only); fp16 (<= 2^-11 per weight) and
    // int8 (<= 1/254 of a channel's largest weight) measured 8e-4 and 2e-2 on these random-weight features, while a
    // layer left unread or read on the wrong axis moves them by about 1.
    [Theory]
    [InlineData(WeightPrecision.Fp32, 1e-5)]
    [InlineData(WeightPrecision.Fp16, 5e-3)]
    [InlineData(WeightPrecision.Int8, 5e-2)]
    public void A_classifier_read_back_from_its_export_computes_the_same_features(WeightPrecision precision, double bound)
    {
        using var batch = Images();
        using var source = NewClassifier(seed: 1, batch);
        var file = ExportClassifier(source, precision);
        using var target = NewClassifier(seed: 2, batch: null);

        var loaded = OnnxInitialWeights.Load(target, file);

        var error = RelativeDifference(Features(source, batch), Features(target, batch));
        output.WriteLine($"{WeightPrecisionNames.Name(precision)}: {loaded.Message}; features differ by {error:E2} of their norm");
        Assert.True(error <= bound, $"relative difference {error}");
        Assert.Contains($"from {file} (ONNX, classify", loaded.Message, StringComparison.Ordinal);
        Assert.Equal(20, loaded.FoldedBatchNorms);
    }

    [Fact]
    public void Calibrated_batch_norms_make_training_mode_compute_the_exported_model()
    {
        using var batch = Images();
        using var source = NewClassifier(seed: 1, batch);
        var file = ExportClassifier(source, WeightPrecision.Fp32);
        using var target = NewClassifier(seed: 2, batch: null);
        var loaded = OnnxInitialWeights.Load(target, file);
        var expected = Features(source, batch);

        // Without calibration, batch statistics rescale every channel to unit variance: far from the exported model.
        var uncalibrated = RelativeDifference(expected, Features(target, batch, training: true));
        var said = loaded.Calibrate([batch]);
        Assert.True(target.training, "calibration leaves the network in training mode");
        var eval = RelativeDifference(expected, Features(target, batch));
        var calibrated = RelativeDifference(expected, Features(target, batch, training: true));

        output.WriteLine($"{said}; training mode differs by {uncalibrated:E2} before, {calibrated:E2} after; eval mode {eval:E2}");
        Assert.True(uncalibrated > 0.1, $"uncalibrated {uncalibrated}");
        Assert.True(calibrated <= 1e-3, $"calibrated {calibrated}");
        Assert.True(eval <= 1e-5, $"eval {eval}");
        Assert.EndsWith($"20 folded BatchNorms calibrated on {batch.shape[0]} training images", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernels_before_batch_norms_keep_the_networks_initial_norms()
    {
        using var batch = Images();
        using var source = NewClassifier(seed: 1, batch);
        var file = ExportClassifier(source, WeightPrecision.Fp32);
        using var target = NewClassifier(seed: 2, batch: null);
        var before = KernelNorms(target);

        var loaded = OnnxInitialWeights.Load(target, file);

        var after = KernelNorms(target);
        Assert.Equal(20, after.Count);
        Assert.All(after, kernel => Assert.All(
            kernel.Value.Zip(before[kernel.Key]),
            pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-5 * pair.Second, $"{kernel.Key}: {pair.First} against {pair.Second}")));
        Assert.Matches(@"kernels before BatchNorms back to the network's initial norms \(median factor [0-9.]+\)$", loaded.Message);
    }

    [Fact]
    public void A_segmenter_takes_a_detectors_export_and_keeps_its_outline_branches_fresh()
    {
        using var batch = Images();
        using var detector = NewDetector(seed: 1, batch, Classes);
        var file = Write(OnnxModelExporter.Detector(detector, Classes, Normalization, WeightPrecision.Fp32, Metadata(ModelTask.Detect)));
        torch.random.manual_seed(2);
        using var segmenter = SegmenterNetworks.Create(DetectorNetworks.ResNet18, Classes, initialWeights: true);
        var outline = OutlineParameters(segmenter);

        var loaded = OnnxInitialWeights.Load(segmenter, file);

        // Eval output rows 0 .. 4 + C are the detector's boxes and scores, the rest the mask coefficients.
        var expected = ExportHarness.Eval(detector, batch);
        var rows = ExportHarness.Eval(segmenter, batch);
        var anchors = expected.Length / batch.shape[0] / (4 + Classes);
        var detections = rows.Where((_, i) => i / anchors % (4 + Classes + segmenter.Masks) < 4 + Classes).ToArray();
        var error = RelativeDifference(expected, detections);
        output.WriteLine($"{loaded.Message}; boxes and scores differ by {error:E2} of their norm");
        Assert.True(error <= 1e-5, $"relative difference {error}");
        Assert.All(OutlineParameters(segmenter), p => Assert.Equal(outline[p.Key], p.Value));
        var counts = loaded.Message.Split(' ')[2..5];
        Assert.Equal("of", counts[1]);
        Assert.True(int.Parse(counts[0], System.Globalization.CultureInfo.InvariantCulture) < int.Parse(counts[2], System.Globalization.CultureInfo.InvariantCulture), loaded.Message);
    }

    [Fact]
    public void Files_that_do_not_fit_are_refused_with_the_reason()
    {
        using var batch = Images();
        using var detector = NewDetector(seed: 1, batch, Classes);
        var detectorModel = OnnxModelExporter.Detector(detector, Classes, Normalization, WeightPrecision.Fp32, Metadata(ModelTask.Detect));
        var detectorFile = Write(detectorModel);
        using var classifier = NewClassifier(seed: 1, batch: null);
        var classifierFile = ExportClassifier(classifier, WeightPrecision.Fp32);
        var truncated = _temp.File("truncated.onnx");
        File.WriteAllBytes(truncated, File.ReadAllBytes(detectorFile)[..5000]);
        var foreign = detectorModel.Clone();
        foreign.ProducerName = "pytorch";
        var foreignFile = Write(foreign);
        using var sixClasses = DetectorNetworks.Create(DetectorNetworks.ResNet18, 6, initialWeights: true);
        using var freshDetector = DetectorNetworks.Create(DetectorNetworks.ResNet18, Classes, initialWeights: true);

        var otherClasses = Assert.Throws<CheckpointException>(() => OnnxInitialWeights.Load(sixClasses, detectorFile));
        var otherNetwork = Assert.Throws<CheckpointException>(() => OnnxInitialWeights.Load(freshDetector, classifierFile));
        var cut = Assert.Throws<ModelFormatException>(() => OnnxInitialWeights.Load(freshDetector, truncated));
        var stranger = Assert.Throws<ModelFormatException>(() => OnnxInitialWeights.Load(freshDetector, foreignFile));
        var missing = Assert.Throws<ModelFormatException>(() => OnnxInitialWeights.Load(freshDetector, _temp.File("none.onnx")));

        Assert.Contains("this network's is [6,", otherClasses.Message, StringComparison.Ordinal);
        Assert.Contains("has no layer in common with this network", otherNetwork.Message, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt", cut.Message, StringComparison.Ordinal);
        Assert.Contains("exported by \"pytorch\", not by Fracture", stranger.Message, StringComparison.Ordinal);
        Assert.Contains("file not found", missing.Message, StringComparison.Ordinal);
    }

    private static Core.Imaging.InputNormalization Normalization => DetectorNetworks.NormalizationOf(DetectorNetworks.ResNet18);

    private static Tensor Images() => ExportHarness.TorchBatch(ExportHarness.Images(5, 96, 64), Normalization);

    /// <summary>A random-weight classifier; with a batch, its BatchNorm statistics moved off 0 and 1 so folding matters.</summary>
    private static ResNet NewClassifier(int seed, Tensor? batch)
    {
        torch.random.manual_seed(seed);
        var network = ClassifierNetworks.Create(ClassifierNetworks.ResNet18, Classes, initialWeights: true);
        if (batch is not null)
        {
            ExportHarness.SettleBatchNorm(network, batch);
        }

        return network;
    }

    private static Detector NewDetector(int seed, Tensor batch, int classes)
    {
        torch.random.manual_seed(seed);
        var network = DetectorNetworks.Create(DetectorNetworks.ResNet18, classes, initialWeights: true);
        ExportHarness.SettleBatchNorm(network, batch);
        return network;
    }

    private static float[] Features(ResNet network, Tensor batch, bool training = false)
    {
        network.train(training);
        using var noGrad = no_grad();
        using var features = network.Features(batch);
        return features.data<float>().ToArray();
    }

    private static Dictionary<string, float[]> OutlineParameters(Segmenter segmenter) =>
        segmenter.named_parameters()
            .Where(p => p.name.StartsWith("coefficients.", StringComparison.Ordinal) || p.name.StartsWith("prototypes.", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter.detach().data<float>().ToArray(), StringComparer.Ordinal);

    /// <summary>Each convolution kernel's norm per output channel (the classifier's convolutions all feed a BatchNorm).</summary>
    private static Dictionary<string, float[]> KernelNorms(ResNet network) =>
        network.named_parameters()
            .Where(p => p.parameter.dim() == 4)
            .ToDictionary(p => p.name, p => p.parameter.detach().reshape(p.parameter.shape[0], -1).norm(1).data<float>().ToArray(), StringComparer.Ordinal);

    private static double RelativeDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += Math.Pow(expected[i] - (double)actual[i], 2);
            norm += Math.Pow(expected[i], 2);
        }

        return Math.Sqrt(difference / Math.Max(norm, 1e-30));
    }

    private string ExportClassifier(ResNet network, WeightPrecision precision) =>
        Write(OnnxModelExporter.Classifier(network, Classes, Normalization, false, precision, Metadata(ModelTask.Classify)));

    private string Write(ModelProto model)
    {
        var path = _temp.File($"{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private static ModelMetadata Metadata(ModelTask task) => new()
    {
        Task = task,
        Names = task == ModelTask.Classify ? [ClassifyData.NoFracture, "elbow fracture", "wrist fracture"] : ["elbow", "wrist", "hand"],
        InputHeight = 64,
        InputWidth = 96,
    };
}
