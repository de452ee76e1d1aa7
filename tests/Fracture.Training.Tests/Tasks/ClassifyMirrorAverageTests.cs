using Fracture.Training.Tasks.Classify;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Tasks;

/// <summary>Test-time mirror averaging: each probability is the mean over the image and its left-right mirror.</summary>
public sealed class ClassifyMirrorAverageTests
{
    [Fact]
    public void Probabilities_are_the_mean_of_the_image_and_its_mirror()
    {
        // A linear "classifier" over the raw pixels, so a mirror image gives different logits we can work out by hand.
        using var model = nn.Linear(3 * 1 * 2, 2);
        using (no_grad())
        {
            model.weight!.copy_(tensor(new float[] { 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 }, [2, 6]));
            model.bias!.zero_();
        }

        var flattening = nn.Sequential(nn.Flatten(), model);
        using var images = tensor(new float[] { 2, 0, 0, 0, 0, 0 }, [1, 3, 1, 2]);
        using var logits = flattening.call(images);

        using var averaged = ClassifyEvaluator.MirrorAveraged(flattening, images, logits);

        // Plain image: logits (2, 0) -> softmax (e^2, 1)/(e^2 + 1); mirror puts the 2 in the second pixel: logits (0, 2).
        var p = Math.Exp(2) / (Math.Exp(2) + 1);
        var expected = new[] { (p + (1 - p)) / 2, ((1 - p) + p) / 2 };
        var actual = averaged.data<float>().ToArray();
        Assert.Equal(expected[0], actual[0], 1e-6);
        Assert.Equal(expected[1], actual[1], 1e-6);
        Assert.Equal(0.5, actual[0], 1e-6);
    }
}
