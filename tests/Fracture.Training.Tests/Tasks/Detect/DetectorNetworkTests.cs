using Fracture.Training.Networks;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Tasks.Detect;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks.Detect;

/// <summary>The detector's two output layouts and their agreement.</summary>
public sealed class DetectorNetworkTests
{
    [Fact]
    public void Training_mode_gives_raw_bins_and_logits_eval_mode_the_yolov8_layout()
    {
        using var detector = new Detector(new ResNet(ResNetLayout.DnnImageFeaturizer18, numClasses: 0), new DetectorOptions { Classes = 6 });
        using var input = randn(2, 3, 64, 96);

        using var raw = detector.call(input);
        Assert.Equal([2L, (4 * 16) + 6, (8 * 12) + (4 * 6) + (2 * 3)], raw.shape);

        detector.eval();
        using var decoded = detector.call(input);
        Assert.Equal([2L, 4 + 6, 126], decoded.shape);

        // Eval mode is the loss's decoding of the same raw output (BatchNorm in eval mode, so decode that raw).
        using var rawEval = RawOf(detector, input);
        using var expected = new DetectionLoss(Detector.LossOptions(detector.Options)).Decode(rawEval, 64, 96);
        Assert.True(decoded.allclose(expected, rtol: 1e-5, atol: 1e-4));
        var scores = decoded[.., 4..].data<float>().ToArray();
        Assert.All(scores, s => Assert.InRange(s, 0f, 1f));
        var widths = decoded[.., 2].data<float>().ToArray();
        Assert.All(widths, w => Assert.True(w > 0));
    }

    [Fact]
    public void Class_logits_start_at_the_yolov8_prior()
    {
        using var detector = new Detector(new ResNet(ResNetLayout.DnnImageFeaturizer18, numClasses: 0), new DetectorOptions { Classes = 6 });
        detector.eval();
        using var input = zeros(1, 3, 64, 64);
        using var decoded = detector.call(input);

        // Bias log(5 / 6 / (640 / 8)^2) at stride 8: p = 1 / (1 + 6 * 6400 / 5) = 0.00013; activations add a little.
        var mean = decoded[.., 4..].mean().item<float>();
        Assert.InRange(mean, 0f, 0.01f);
    }

    private static Tensor RawOf(Detector detector, Tensor input)
    {
        // Training mode switches BatchNorm to batch statistics, so take the raw output with BatchNorm left in eval.
        detector.train();
        foreach (var bn in detector.modules().OfType<TorchSharp.Modules.BatchNorm>())
        {
            bn.eval();
        }

        using var noGrad = no_grad();
        var raw = detector.call(input);
        detector.eval();
        return raw;
    }
}
