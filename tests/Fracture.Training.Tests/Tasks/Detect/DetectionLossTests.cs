using Fracture.Training.Tasks.Detect;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

public sealed class DetectionLossTests
{
    private const int Size = 64;
    private const int Anchors = 84; // 8x8 + 4x4 + 2x2
    private const int RegMax = 16;

    private static readonly DetectionLossOptions Options = new() { Classes = 2 };

    /// <summary>
    /// Two gts on a 64x64 input: class 0 at [18,10,38,30] (10 anchor points inside it: 9 at stride 8, 1 at 16) and
    /// class 1 at [40,40,60,60] (6 inside: 4, 1, 1). Both hold at most top-k = 10 anchors, so all become positives.
    /// </summary>
    private static readonly (long Label, float[] Box)[] Gts = [(0, [18, 10, 38, 30]), (1, [40, 40, 60, 60])];

    internal static (Tensor Labels, Tensor Boxes, Tensor Mask) Targets(params (long Label, float[] Box)[] gts) =>
        (tensor(gts.Select(g => g.Label).ToArray(), [1, gts.Length]),
         tensor(gts.SelectMany(g => g.Box).ToArray(), [1, gts.Length, 4]),
         ones(1, gts.Length, dtype: ScalarType.Bool));

    /// <summary>
    /// Raw logits whose decoded boxes are the gts at every anchor inside one, with class logits +10 there for the
    /// gt's class (-10 elsewhere). Each side's distance t is put as weights ceil(t) - t and t - floor(t) on its two
    /// bins (log weights as logits), so the expected value is t.
    /// </summary>
    private static float[] PerfectRaw()
    {
        var raw = new float[Options.Channels * Anchors];
        void Set(int channel, int anchor, float value) => raw[(channel * Anchors) + anchor] = value;

        var (pointsTensor, stridesTensor) = DetectionAnchors.ForImage(Size, Size, Options.Strides);
        using (pointsTensor)
        using (stridesTensor)
        {
            var points = pointsTensor.data<float>().ToArray();
            var strides = stridesTensor.data<float>().ToArray();
            for (var a = 0; a < Anchors; a++)
            {
                var (x, y, s) = (points[2 * a], points[(2 * a) + 1], strides[a]);
                var gt = Gts.FirstOrDefault(g => x * s > g.Box[0] && y * s > g.Box[1] && x * s < g.Box[2] && y * s < g.Box[3]);
                for (var c = 0; c < Options.Classes; c++)
                {
                    Set((4 * RegMax) + c, a, gt.Box is not null && gt.Label == c ? 10 : -10);
                }

                if (gt.Box is null)
                {
                    continue;
                }

                float[] distances = [x - (gt.Box[0] / s), y - (gt.Box[1] / s), (gt.Box[2] / s) - x, (gt.Box[3] / s) - y];
                for (var side = 0; side < 4; side++)
                {
                    var t = distances[side];
                    var left = (int)MathF.Floor(t);
                    for (var bin = 0; bin < RegMax; bin++)
                    {
                        var weight = bin == left ? left + 1 - t : bin == left + 1 ? t - left : 0;
                        Set((side * RegMax) + bin, a, MathF.Log(Math.Max(weight, 1e-9f)));
                    }
                }
            }
        }

        return raw;
    }

    [Fact]
    public void A_perfect_prediction_has_a_much_lower_loss_than_a_random_one()
    {
        var loss = new DetectionLoss(Options);
        var (labels, boxes, mask) = Targets(Gts);
        using (labels)
        using (boxes)
        using (mask)
        {
            using var perfect = tensor(PerfectRaw(), [1, Options.Channels, Anchors]);
            var good = loss.Compute(perfect, Size, Size, labels, boxes, mask);
            using var goodTotal = good.Total;

            // The decoded boxes really are the gts: the box loss vanishes.
            Assert.True(good.Box < 1e-3, $"box {good.Box}");
            Assert.True(good.Class < 0.01, $"class {good.Class}");

            using var generator = new Generator(7);
            using var random = randn([1, Options.Channels, Anchors], generator: generator);
            var bad = loss.Compute(random, Size, Size, labels, boxes, mask);
            using var badTotal = bad.Total;

            var goodValue = goodTotal.item<float>();
            var badValue = badTotal.item<float>();
            Assert.True(goodValue < badValue / 10, $"perfect {goodValue}, random {badValue}");
            Assert.Equal(good.Box + good.Class + good.Dfl, goodValue, 4);
        }
    }

    [Fact]
    public void Gradients_reach_every_part_of_the_raw_output()
    {
        var loss = new DetectionLoss(Options);
        var (labels, boxes, mask) = Targets(Gts);
        using (labels)
        using (boxes)
        using (mask)
        {
            using var generator = new Generator(3);
            using var raw = randn([2, Options.Channels, Anchors], generator: generator).requires_grad_();
            using var twoImages = cat([boxes, boxes], 0);
            using var twoLabels = cat([labels, labels], 0);
            using var twoMasks = cat([mask, mask], 0);
            var result = loss.Compute(raw, Size, Size, twoLabels, twoImages, twoMasks);
            using var total = result.Total;
            total.backward();

            using var grad = raw.grad!;
            Assert.True(isfinite(grad).all().item<bool>());
            Assert.True(grad.narrow(1, 0, 4 * RegMax).abs().sum().item<float>() > 0, "no gradient on the distance bins");
            Assert.True(grad.narrow(1, 4 * RegMax, 2).abs().sum().item<float>() > 0, "no gradient on the class logits");
            Assert.True(result.Box > 0 && result.Class > 0 && result.Dfl > 0);
        }
    }

    [Fact]
    public void A_batch_without_gts_has_only_a_class_loss()
    {
        var loss = new DetectionLoss(Options);
        using var raw = randn(2, Options.Channels, Anchors).requires_grad_();
        using var labels = zeros(2, 0, dtype: ScalarType.Int64);
        using var boxes = zeros(2, 0, 4);
        using var mask = zeros(2, 0, dtype: ScalarType.Bool);

        var result = loss.Compute(raw, Size, Size, labels, boxes, mask);
        using var total = result.Total;

        Assert.True(float.IsFinite(total.item<float>()));
        Assert.Equal(0, result.Box);
        Assert.Equal(0, result.Dfl);
        Assert.True(result.Class > 0);
        total.backward();
        Assert.True(isfinite(raw.grad!).all().item<bool>());
    }

    [Fact]
    public void An_image_with_only_padding_rows_adds_no_positives()
    {
        var loss = new DetectionLoss(Options);
        using var raw = zeros(1, Options.Channels, Anchors);
        using var labels = tensor(new long[] { 0 }, [1, 1]);
        using var boxes = tensor(new float[] { 8, 8, 56, 56 }, [1, 1, 4]);
        using var mask = zeros(1, 1, dtype: ScalarType.Bool);

        var result = loss.Compute(raw, Size, Size, labels, boxes, mask);
        using var total = result.Total;
        Assert.Equal(0, result.Box);
        Assert.Equal(0, result.Dfl);
    }

    [Fact]
    public void Decode_gives_centre_size_boxes_in_pixels_then_class_probabilities()
    {
        var loss = new DetectionLoss(Options);
        var raw = new float[Options.Channels * Anchors];

        // Anchor 0: point (0.5, 0.5) at stride 8; near one-hot bins give distances l=0, t=0, r=2, b=3 cells, so the
        // box is (0.5, 0.5)-(2.5, 3.5) cells = (4, 4)-(20, 28) px: centre (12, 16), size 16 x 24.
        int[] bins = [0, 0, 2, 3];
        for (var side = 0; side < 4; side++)
        {
            raw[((side * RegMax) + bins[side]) * Anchors] = 50;
        }

        raw[((4 * RegMax) + 1) * Anchors] = 2; // class 1 logit
        using var input = tensor(raw, [1, Options.Channels, Anchors]);
        using var decoded = loss.Decode(input, Size, Size);

        Assert.Equal([1L, 4 + 2, Anchors], decoded.shape);
        var first = decoded[0, .., 0].data<float>().ToArray();
        float[] expected = [12, 16, 16, 24, 0.5f, 1 / (1 + MathF.Exp(-2))];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], first[i], 4);
        }

        // Uniform bins elsewhere: expected distance 7.5 cells each side, so a 15-cell square at the anchor's point.
        var last = decoded[0, .., Anchors - 1].data<float>().ToArray(); // point (1.5, 1.5) at stride 32
        Assert.Equal([48f, 48f, 480f, 480f, 0.5f, 0.5f], last.Select(v => MathF.Round(v, 3)).ToArray());
    }

    [Fact]
    public void A_raw_output_of_the_wrong_shape_is_refused()
    {
        var loss = new DetectionLoss(Options);
        using var raw = zeros(1, Options.Channels, Anchors - 1);
        Assert.Throws<ArgumentException>(() => loss.Decode(raw, Size, Size));
    }
}
