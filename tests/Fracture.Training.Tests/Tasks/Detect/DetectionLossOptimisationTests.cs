using System.Diagnostics;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>The loss is a usable training signal: optimising a free raw output against it recovers the gts.</summary>
[Collection(SeededTorchTests.Name)]
public sealed class DetectionLossOptimisationTests(ITestOutputHelper output)
{
    private const int Size = 64;
    private const int Classes = 2;

    private static readonly (long Label, float[] Box)[] AllGts = [(1, [10, 14, 42, 34]), (0, [36, 38, 60, 62])];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Adam_on_a_free_raw_output_finds_the_gt_boxes_and_classes(int gtCount)
    {
        var gts = AllGts[..gtCount];

        // Tensors this small take about 10x longer to hand between libtorch's threads than to compute.
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            var clock = Stopwatch.StartNew();
            var (first, last, decoded) = Optimise(gts, steps: 200);
            output.WriteLine($"loss {first:F3} -> {last:F3} in {clock.ElapsedMilliseconds} ms");
            Assert.True(last < first / 5, $"loss {first} -> {last}");

            // The top-scoring box overall belongs to a gt's class, and each gt's class's top box is that gt.
            var (_, topClass, _) = Best(decoded, classes: [0, 1]);
            Assert.Contains(gts, g => g.Label == topClass);
            foreach (var (label, box) in gts)
            {
                var (anchor, _, score) = Best(decoded, classes: [(int)label]);
                var iou = Iou(BoxAt(decoded, anchor), box);
                output.WriteLine($"class {label}: anchor {anchor} score {score:F3} IoU {iou:F3}");
                Assert.True(iou > 0.8, $"class {label}: IoU {iou}");
            }
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    /// <summary>Loss at the first and last step, and Decode's output [4 + C, A] as row-major values.</summary>
    private static (double First, double Last, float[,] Decoded) Optimise((long Label, float[] Box)[] gts, int steps)
    {
        var loss = new DetectionLoss(new DetectionLossOptions { Classes = Classes });
        var anchors = DetectionAnchors.Count(Size, Size, loss.Options.Strides);
        var (labels, boxes, mask) = DetectionLossTests.Targets(gts);
        using (labels)
        using (boxes)
        using (mask)
        {
            using var generator = new Generator(11);
            using var raw = new Parameter(randn([1, loss.Options.Channels, anchors], generator: generator) * 0.01f);
            using var adam = optim.Adam([raw], lr: 0.05);
            double first = 0, last = 0;
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                adam.zero_grad();
                var result = loss.Compute(raw, Size, Size, labels, boxes, mask);
                result.Total.backward();
                adam.step();
                last = result.Total.item<float>();
                first = step == 0 ? last : first;
            }

            using var noGrad = no_grad();
            using var decoded = loss.Decode(raw, Size, Size);
            var values = decoded[0].data<float>().ToArray();
            var table = new float[4 + Classes, anchors];
            Buffer.BlockCopy(values, 0, table, 0, values.Length * sizeof(float));
            return (first, last, table);
        }
    }

    private static (int Anchor, int Class, float Score) Best(float[,] decoded, int[] classes)
    {
        var best = (Anchor: 0, Class: 0, Score: -1f);
        for (var a = 0; a < decoded.GetLength(1); a++)
        {
            foreach (var c in classes)
            {
                if (decoded[4 + c, a] > best.Score)
                {
                    best = (a, c, decoded[4 + c, a]);
                }
            }
        }

        return best;
    }

    private static float[] BoxAt(float[,] decoded, int anchor)
    {
        var (cx, cy, w, h) = (decoded[0, anchor], decoded[1, anchor], decoded[2, anchor], decoded[3, anchor]);
        return [cx - (w / 2), cy - (h / 2), cx + (w / 2), cy + (h / 2)];
    }

    private static double Iou(float[] a, float[] b)
    {
        var w = Math.Max(0, Math.Min(a[2], b[2]) - Math.Max(a[0], b[0]));
        var h = Math.Max(0, Math.Min(a[3], b[3]) - Math.Max(a[1], b[1]));
        var intersection = w * h;
        return intersection / (((a[2] - a[0]) * (a[3] - a[1])) + ((b[2] - b[0]) * (b[3] - b[1])) - intersection);
    }
}
