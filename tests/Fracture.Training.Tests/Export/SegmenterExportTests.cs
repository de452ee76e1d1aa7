using Fracture.Core.Models;
using Fracture.Training.Export;
using Fracture.Training.Networks.Segmentation;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;
using OrtTensors = Microsoft.ML.OnnxRuntime.Tensors;

namespace Fracture.Training.Tests.Export;

/// <summary>
/// The exported segmenter computes the TorchSharp segmenter's eval-mode outputs in Ultralytics' layout: output0
/// [N, 4 + C + 32, A] (boxes, scores, mask coefficients) and output1 [N, 32, H/4, W/4] (prototypes).
/// </summary>
public sealed class SegmenterExportTests(ITestOutputHelper output)
{
    private const int Classes = 3;

    [Fact]
    public void Fp32_detections_and_prototypes_match_torchsharp_at_two_sizes()
    {
        var images = ExportHarness.Images(2, 128, 96);
        var normalization = SegmenterNetworks.NormalizationOf(DetectorNetworks.ResNet18Pretrained);
        torch.random.manual_seed(5);
        using var segmenter = SegmenterNetworks.Create(DetectorNetworks.ResNet18Pretrained, Classes, initialWeights: true);
        using (var settle = ExportHarness.TorchBatch(images, normalization))
        {
            ExportHarness.SettleBatchNorm(segmenter, settle);
        }

        var metadata = new Fracture.Core.Models.ModelMetadata { Task = ModelTask.Segment, Names = ["a", "b", "c"], InputHeight = 96, InputWidth = 128 };
        using var session = ExportHarness.Session(OnnxModelExporter.Segmenter(segmenter, Classes, segmenter.Masks, normalization, WeightPrecision.Fp32, metadata));

        foreach (var size in new[] { (128, 96), (64, 64) })
        {
            var batchImages = ExportHarness.Images(2, size.Item1, size.Item2);
            using var batch = ExportHarness.TorchBatch(batchImages, normalization);
            segmenter.eval();
            float[] expectedDetections, expectedPrototypes;
            long[] detectionShape, prototypeShape;
            using (no_grad())
            {
                var (detections, prototypes) = segmenter.Predict(batch);
                using (detections)
                using (prototypes)
                {
                    (expectedDetections, detectionShape) = (detections.data<float>().ToArray(), detections.shape);
                    (expectedPrototypes, prototypeShape) = (prototypes.data<float>().ToArray(), prototypes.shape);
                }
            }

            var input = new OrtTensors.DenseTensor<float>(ExportHarness.Batch(batchImages, ExportHarness.OnnxInput), [batchImages.Count, 3, size.Item2, size.Item1]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("images", input)]);
            var actualDetections = results.Single(r => r.Name == "output0").AsTensor<float>();
            var actualPrototypes = results.Single(r => r.Name == "output1").AsTensor<float>();

            Assert.Equal([batchImages.Count, 4 + Classes + 32, DetectionAnchors.Count(size.Item2, size.Item1, DetectionAnchors.DefaultStrides)], detectionShape);
            Assert.Equal([batchImages.Count, 32, size.Item2 / 4, size.Item1 / 4], prototypeShape);
            Assert.Equal(detectionShape.Select(d => (int)d), actualDetections.Dimensions.ToArray());
            Assert.Equal(prototypeShape.Select(d => (int)d), actualPrototypes.Dimensions.ToArray());

            var anchors = (int)detectionShape[2];
            double box = 0, rest = 0;
            var detectionValues = actualDetections.ToArray();
            for (var i = 0; i < expectedDetections.Length; i++)
            {
                var diff = Math.Abs(expectedDetections[i] - (double)detectionValues[i]);
                if (i / anchors % (4 + Classes + 32) < 4)
                {
                    box = Math.Max(box, diff / Math.Max(1, Math.Abs(expectedDetections[i])));
                }
                else
                {
                    rest = Math.Max(rest, diff / Math.Max(1, Math.Abs(expectedDetections[i])));
                }
            }

            var protoError = ExportHarness.MaxAbsDifference(expectedPrototypes, [.. actualPrototypes]) / Math.Max(1, expectedPrototypes.Max(Math.Abs));
            output.WriteLine($"{size}: box {box:E2}, scores and coefficients {rest:E2}, prototypes {protoError:E2} (relative)");
            Assert.True(box <= 1e-3, $"box relative difference {box}");
            Assert.True(rest <= 1e-3, $"score/coefficient difference {rest}");
            Assert.True(protoError <= 1e-3, $"prototype difference {protoError}");
        }
    }
}
