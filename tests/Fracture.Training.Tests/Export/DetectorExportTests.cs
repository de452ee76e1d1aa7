using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Training.Export;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Tasks.Detect;
using Google.Protobuf;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Export;

/// <summary>The exported detector computes the TorchSharp detector's eval-mode output [N, 4 + C, A].</summary>
public sealed class DetectorExportTests(ITestOutputHelper output)
{
    private const int Classes = 3;

    [Theory]
    [InlineData(DetectorNetworks.ResNet18Pretrained)]
    [InlineData(DetectorNetworks.ResNet18)]
    public void Fp32_boxes_and_scores_match_torchsharp(string name)
    {
        var images = ExportHarness.Images(3, 128, 96);
        using var detector = Network(name, images, out var normalization);
        using var session = ExportHarness.Session(OnnxModelExporter.Detector(detector, Classes, normalization, WeightPrecision.Fp32, Metadata()));

        var (boxError, scoreError) = Compare(detector, normalization, session, images, name);

        Assert.True(boxError <= 1e-3, $"box relative difference {boxError}");
        Assert.True(scoreError <= 1e-3, $"score difference {scoreError}");
    }

    [Fact]
    public void One_file_takes_other_input_sizes()
    {
        var images = ExportHarness.Images(2, 128, 96);
        using var detector = Network(DetectorNetworks.ResNet18Pretrained, images, out var normalization);
        using var session = ExportHarness.Session(OnnxModelExporter.Detector(detector, Classes, normalization, WeightPrecision.Fp32, Metadata()));

        foreach (var (width, height) in new[] { (64, 64), (96, 160) })
        {
            var (boxError, scoreError) = Compare(detector, normalization, session, ExportHarness.Images(2, width, height), $"{width}x{height}");
            Assert.True(boxError <= 1e-3, $"{width}x{height}: box relative difference {boxError}");
            Assert.True(scoreError <= 1e-3, $"{width}x{height}: score difference {scoreError}");
        }
    }

    [Fact]
    public void A_batch_of_two_gives_what_two_single_runs_give()
    {
        var images = ExportHarness.Images(2, 96, 96).Take(2).ToList();
        using var detector = Network(DetectorNetworks.ResNet18Pretrained, images, out var normalization);
        using var session = ExportHarness.Session(OnnxModelExporter.Detector(detector, Classes, normalization, WeightPrecision.Fp32, Metadata()));

        var (both, shape) = ExportHarness.Run(session, images);
        var first = ExportHarness.Run(session, [images[0]]).Values;
        var second = ExportHarness.Run(session, [images[1]]).Values;

        Assert.Equal([2, 4 + Classes, DetectionAnchors.Count(96, 96, DetectionAnchors.DefaultStrides)], shape);
        var diff = ExportHarness.MaxAbsDifference([.. first, .. second], both);
        output.WriteLine($"batch of 2 vs 2 single runs: max difference {diff:E2} (boxes in pixels, scores)");
        Assert.True(diff <= 1e-4, $"max abs difference {diff}");
    }

    [Fact]
    public void Fp16_and_int8_files_shrink_and_stay_close()
    {
        var images = ExportHarness.Images(3, 128, 96);
        using var detector = Network(DetectorNetworks.ResNet18Pretrained, images, out var normalization);
        var sizes = new Dictionary<WeightPrecision, long>();
        var errors = new Dictionary<WeightPrecision, (double Box, double Score)>();
        foreach (var precision in Enum.GetValues<WeightPrecision>())
        {
            var model = OnnxModelExporter.Detector(detector, Classes, normalization, precision, Metadata());
            sizes[precision] = model.CalculateSize();
            using var session = ExportHarness.Session(model);
            errors[precision] = Compare(detector, normalization, session, images, $"{WeightPrecisionNames.Name(precision)}, {sizes[precision] / 1e6:F1} MB");
        }

        Assert.InRange(sizes[WeightPrecision.Fp16] / (double)sizes[WeightPrecision.Fp32], 0.49, 0.51);
        Assert.InRange(sizes[WeightPrecision.Int8] / (double)sizes[WeightPrecision.Fp32], 0.25, 0.35);

        // As for the classifier: fp16 rounds each weight by <= 2^-12, int8 by <= 1/254 of its channel's largest. With
        // this steep class head, measured about 2e-4 (boxes, relative) and 1e-3 (scores) for fp16, 2e-3 and 5e-2 for
        // int8; the bounds leave room for other weights while a wrong axis or cast (errors near 1) still fails.
        Assert.True(errors[WeightPrecision.Fp16].Box <= 1e-2 && errors[WeightPrecision.Fp16].Score <= 1e-2, $"fp16 {errors[WeightPrecision.Fp16]}");
        Assert.True(errors[WeightPrecision.Int8].Box <= 2e-2 && errors[WeightPrecision.Int8].Score <= 0.15, $"int8 {errors[WeightPrecision.Int8]}");
    }

    /// <summary>
    /// Max relative box difference (|d| / max(1 px, |coordinate|)) and max absolute score difference between ONNX
    /// Runtime and the TorchSharp detector in eval mode on the same images.
    /// </summary>
    private (double Box, double Score) Compare(Detector detector, InputNormalization normalization, Microsoft.ML.OnnxRuntime.InferenceSession session, IReadOnlyList<DecodedImage> images, string label)
    {
        using var batch = ExportHarness.TorchBatch(images, normalization);
        var expected = ExportHarness.Eval(detector, batch);
        var (actual, shape) = ExportHarness.Run(session, images);
        var anchors = DetectionAnchors.Count(images[0].Height, images[0].Width, DetectionAnchors.DefaultStrides);
        Assert.Equal([images.Count, 4 + Classes, anchors], shape);

        double box = 0, score = 0, lowest = 1, highest = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var row = i / anchors % (4 + Classes);
            var diff = Math.Abs(expected[i] - (double)actual[i]);
            if (row < 4)
            {
                box = Math.Max(box, diff / Math.Max(1, Math.Abs(expected[i])));
            }
            else
            {
                score = Math.Max(score, diff);
                (lowest, highest) = (Math.Min(lowest, expected[i]), Math.Max(highest, expected[i]));
            }
        }

        output.WriteLine($"{label}: max box relative difference {box:E2}, max score difference {score:E2} (scores span {lowest:F3}..{highest:F3})");
        return (box, score);
    }

    /// <summary>
    /// The detector (seeded) with BatchNorm statistics moved by the images, its class biases at 0 and class weights
    /// scaled up, so scores spread over 0..1 instead of sitting at YOLOv8's 1e-4 prior (where any score difference
    /// would look small).
    /// </summary>
    private static Detector Network(string name, IReadOnlyList<DecodedImage> images, out InputNormalization normalization)
    {
        normalization = DetectorNetworks.NormalizationOf(name);
        torch.random.manual_seed(11);
        var detector = DetectorNetworks.Create(name, Classes, initialWeights: true);
        using var batch = ExportHarness.TorchBatch(images, normalization);
        ExportHarness.SettleBatchNorm(detector, batch);
        using (no_grad())
        {
            foreach (var (key, parameter) in detector.named_parameters().Where(p => p.name.StartsWith("head.cls.", StringComparison.Ordinal)))
            {
                if (key.EndsWith(".2.bias", StringComparison.Ordinal))
                {
                    parameter.zero_();
                }
                else if (key.EndsWith(".2.weight", StringComparison.Ordinal))
                {
                    parameter.mul_(100);
                }
            }
        }

        return detector;
    }

    private static ModelMetadata Metadata() => new()
    {
        Task = ModelTask.Detect,
        Names = ["elbow", "wrist", "hand"],
        InputHeight = 96,
        InputWidth = 96,
    };
}
