using Fracture.Core.Detection;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;
using Fracture.Inference;
using Fracture.Training.Networks.Segmentation;
using Fracture.Training.Tasks.Detect;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// Runs a segmenter over a split (no augmentation), keeps boxes as Ultralytics validates (confidence 0.001, NMS IoU
/// 0.7, 300 per image), and scores boxes (<see cref="DetectReportBuilder"/>) and masks (mask IoU in the letterboxed
/// input's pixels, which a uniform letterbox leaves as in the file's). A mask is built as the predictor builds it:
/// sigmoid(coefficients . prototypes), cells outside the box zeroed, bilinear upsampling, above 0.5, only pixels whose
/// centre lies in the box (probabilities, not logits, cut to 0: docs/training.md, "Masks from probabilities cut to 0").
/// A mask lies inside its box, so one whose box touches no labelled box has IoU 0 with every
/// label and is not built at all.
/// </summary>
public static class SegmentEvaluator
{
    /// <summary>Lowest score of the outlines kept for the overlay plots (the web page's default is about this).</summary>
    public const double SampleConfidence = 0.25;

    /// <summary>Images drawn in the overlay plots: spread evenly over the split's images with objects.</summary>
    public const int SampleImages = 8;

    /// <summary>Masks upsampled at once (bounds the memory of the full-size masks).</summary>
    private const int Chunk = 64;

    public static SegmentReport Evaluate(Segmenter model, DetectData data, InputNormalization normalization, int batchSize, DetectEvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var size = data.Cache.Size;
        var per = InputNormalization.TensorLength(size, size);
        var buffer = new float[batchSize * per];
        var classes = data.ClassNames.Count;
        var boxes = new IReadOnlyList<ScoredBox>[data.Count];
        var masks = new ImageIoUMatrix[data.Count];
        var sampled = SampleIndices(data);
        var samples = new List<SegmentSample>();
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                for (var k = 0; k < n; k++)
                {
                    normalization.Fill(buffer.AsSpan(k * per, per), data.Cache[start + k]);
                }

                var (detections, prototypes) = model.Predict(tensor(buffer.AsSpan(0, n * per).ToArray(), [n, 3, size, size]));
                var (rows, anchors) = ((int)detections.shape[1], (int)detections.shape[2]);
                var values = detections.data<float>().ToArray();
                for (var k = 0; k < n; k++)
                {
                    var i = start + k;
                    var block = values.AsSpan(k * rows * anchors, rows * anchors);
                    var kept = YoloOutputDecoder.DecodeAnchors(
                        block, classes, model.Masks, anchors, settings.Confidence, settings.Iou, settings.MaxDetections, multiLabel: true, size, size);
                    boxes[i] = [.. kept.Select(d => d.Detection)];
                    var sample = sampled.Contains(i);
                    var built = BuildMasks(block, rows, anchors, classes, model.Masks, prototypes[k], kept, data.Instances[i], sample, size);
                    masks[i] = MaskMatrix(data.Paths[i], data.Instances[i], kept, built, size);
                    if (sample)
                    {
                        samples.Add(new SegmentSample(i, Findings(kept, built, data.ClassNames)));
                    }
                }
            }
        }

        var truth = data.Paths.Select((path, i) => new ImageGroundTruth(path, [.. data.Instances[i].Select(o => new GroundTruthBox(o.ClassId, o.Box))])).ToArray();
        var boxReport = DetectReportBuilder.Build(data.ClassNames, truth, boxes, settings);
        var maskMetrics = DetectionEvaluator.Evaluate(masks, new DetectionEvaluationOptions { MaxDetections = settings.MaxDetections, ClassNames = data.ClassNames });
        return new SegmentReport(boxReport, maskMetrics, samples);
    }

    private static HashSet<int> SampleIndices(DetectData data)
    {
        var withObjects = Enumerable.Range(0, data.Count).Where(i => data.Instances[i].Count > 0).ToArray();
        var count = Math.Min(SampleImages, withObjects.Length);
        return [.. Enumerable.Range(0, count).Select(j => withObjects[j * withObjects.Length / count])];
    }

    /// <summary>Pixels (size x size, row-major) of the kept detections that need a mask; null for the others.</summary>
    private static bool[]?[] BuildMasks(
        ReadOnlySpan<float> block, int rows, int anchors, int classes, int maskCount, Tensor prototypes, AnchorDetection[] kept, IReadOnlyList<Core.Augmentation.PixelInstance> truth, bool sample, int size)
    {
        var result = new bool[]?[kept.Length];
        var wanted = Enumerable.Range(0, kept.Length)
            .Where(j => (sample && kept[j].Detection.Score >= SampleConfidence) || truth.Any(t => t.Box.Overlaps(kept[j].Detection.Box)))
            .ToArray();
        for (var from = 0; from < wanted.Length; from += Chunk)
        {
            var part = wanted[from..Math.Min(wanted.Length, from + Chunk)];
            var coefficients = new float[part.Length * maskCount];
            var corners = new float[part.Length * 4];
            for (var p = 0; p < part.Length; p++)
            {
                var (detection, anchor) = kept[part[p]];
                for (var m = 0; m < maskCount; m++)
                {
                    coefficients[(p * maskCount) + m] = block[((4 + classes + m) * anchors) + anchor];
                }

                (corners[p * 4], corners[(p * 4) + 1], corners[(p * 4) + 2], corners[(p * 4) + 3]) =
                    ((float)detection.Box.X1, (float)detection.Box.Y1, (float)detection.Box.X2, (float)detection.Box.Y2);
            }

            var pixels = MaskPixels(tensor(coefficients, [part.Length, maskCount]), prototypes, tensor(corners, [part.Length, 4]), size);
            var plane = size * size;
            for (var p = 0; p < part.Length; p++)
            {
                result[part[p]] = [.. pixels.AsSpan(p * plane, plane).ToArray().Select(v => v != 0)];
            }
        }

        return result;
    }

    /// <summary>Masks [P, size, size] as 0/1 bytes from coefficients [P, M], prototypes [M, h, w] and boxes [P, 4] in input pixels.</summary>
    internal static byte[] MaskPixels(Tensor coefficients, Tensor prototypes, Tensor boxes, int size)
    {
        using var scope = NewDisposeScope();
        var (masks, height, width) = (prototypes.shape[0], prototypes.shape[1], prototypes.shape[2]);
        var count = coefficients.shape[0];
        var probabilities = coefficients.matmul(prototypes.reshape(masks, -1)).sigmoid().view(count, 1, height, width);
        var cells = boxes * tensor(new[] { (float)width / size, (float)height / size, (float)width / size, (float)height / size });
        var cropped = probabilities * BoxCrop.Cells(cells, height, width).unsqueeze(1);
        var upsampled = nn.functional.interpolate(cropped, [size, size], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1);

        // Pixel centres (x + 0.5) inside [x1, x2): the same pixels the predictor keeps.
        // Held through the native calls (docs/training.md, "Scalars held through native calls").
        using var half = 0.5f.ToScalar();
        using var halfProbability = 0.5.ToScalar();
        var inBox = BoxCrop.Cells(boxes - half, size, size);
        return upsampled.gt(halfProbability).logical_and(inBox).to_type(ScalarType.Byte).data<byte>().ToArray();
    }

    private static ImageIoUMatrix MaskMatrix(string image, IReadOnlyList<Core.Augmentation.PixelInstance> truth, AnchorDetection[] kept, bool[]?[] built, int size)
    {
        var labels = truth.Select(t => InstanceMasks.Rasterize(t, size, size, 1.0)).ToArray();
        var iou = new double[kept.Length, labels.Length];
        for (var p = 0; p < kept.Length; p++)
        {
            if (built[p] is not { } pixels || !truth.Any(t => t.Box.Overlaps(kept[p].Detection.Box)))
            {
                continue;
            }

            var predicted = BinaryMask.FromPixels(size, size, pixels);
            for (var g = 0; g < labels.Length; g++)
            {
                iou[p, g] = MaskIoU.Compute(predicted, labels[g]);
            }
        }

        return new ImageIoUMatrix(image, [.. truth.Select(t => t.ClassId)], [.. kept.Select(k => k.Detection.ClassId)], [.. kept.Select(k => k.Detection.Score)], iou);
    }

    private static List<Finding> Findings(AnchorDetection[] kept, bool[]?[] built, IReadOnlyList<string> names) =>
        [.. Enumerable.Range(0, kept.Length)
            .Where(j => kept[j].Detection.Score >= SampleConfidence && built[j] is not null)
            .Select(j =>
            {
                var d = kept[j].Detection;
                var size = (int)Math.Sqrt(built[j]!.Length);
                IReadOnlyList<PixelPoint> outline = MaskContour.LargestOuterContour(built[j], size, size);
                return new Finding(d.ClassId, names[d.ClassId], d.Score, d.Box, outline);
            })];
}
