using Fracture.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Networks;

public sealed class ResNetTests
{
    private static long ParameterCount(ResNet network) => network.parameters().Sum(p => p.numel());

    [Fact]
    public void TorchVision18_with_1000_classes_has_resnet18s_parameter_count()
    {
        using var network = new ResNet(ResNetLayout.TorchVision18, 1000);
        Assert.Equal(11_689_512, ParameterCount(network));
    }

    [Fact]
    public void DnnImageFeaturizer18_without_head_has_the_onnx_files_parameter_count()
    {
        using var network = new ResNet(ResNetLayout.DnnImageFeaturizer18, 0);
        Assert.Equal(15_897_152, ParameterCount(network));
    }

    [Fact]
    public void Pyramid_levels_have_strides_8_16_32()
    {
        using var network = new ResNet(ResNetLayout.TorchVision18, 0);
        network.eval();
        using var noGrad = torch.no_grad();
        using var input = randn(2, 3, 256, 256);
        var (c3, c4, c5) = network.Pyramid(input);
        using (c3)
        using (c4)
        using (c5)
        {
            Assert.Equal([2L, 128, 32, 32], c3.shape);
            Assert.Equal([2L, 256, 16, 16], c4.shape);
            Assert.Equal([2L, 512, 8, 8], c5.shape);
        }

        Assert.Equal((128, 256, 512), ResNet.PyramidChannels);
        Assert.Equal((8, 16, 32), ResNet.PyramidStrides);
    }

    [Fact]
    public void State_dict_keys_follow_torchvision_names()
    {
        using var network = new ResNet(ResNetLayout.DnnImageFeaturizer18, 3);
        var keys = network.state_dict().Keys.ToHashSet();

        string[] expected =
        [
            "conv1.weight", "bn1.weight", "bn1.running_mean", "bn1.running_var",
            "layer1.0.conv1.weight", "layer1.0.bn1.bias", "layer1.1.conv2.weight",
            "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var",
            "layer4.2.bn2.weight", "fc.weight", "fc.bias",
        ];
        Assert.All(expected, key => Assert.Contains(key, keys));
        Assert.DoesNotContain("layer1.0.downsample.0.weight", keys);
        Assert.DoesNotContain("layer2.1.downsample.0.weight", keys);
        Assert.DoesNotContain("layer4.3.conv1.weight", keys);

        using var headless = new ResNet(ResNetLayout.TorchVision18, 0);
        Assert.DoesNotContain("fc.weight", headless.state_dict().Keys);
    }

    [Fact]
    public void Forward_gives_logits_with_a_head_and_features_without()
    {
        using var classifier = new ResNet(new ResNetOptions { NumClasses = 3, Dropout = 0.2 });
        using var extractor = new ResNet(ResNetLayout.TorchVision18, 0);
        classifier.eval();
        extractor.eval();
        using var noGrad = torch.no_grad();
        using var input = randn(2, 3, 96, 128);

        using var logits = classifier.call(input);
        using var pooled = classifier.Features(input);
        using var features = extractor.call(input);

        Assert.Equal([2L, 3], logits.shape);
        Assert.Equal([2L, ResNet.FeatureDimension], pooled.shape);
        Assert.Equal([2L, ResNet.FeatureDimension], features.shape);
    }

    [Fact]
    public void From_scratch_convolutions_are_kaiming_normal_with_fan_out()
    {
        using var network = new ResNet(ResNetLayout.TorchVision18, 0);
        var weights = network.state_dict();

        // He init, fan_out mode: std = sqrt(2 / (out_channels * k * k)); 2.36 M samples pin it to well under 1 %.
        var std = weights["layer4.1.conv2.weight"].std().item<float>();
        Assert.InRange(std, 0.98 * Math.Sqrt(2.0 / (512 * 9)), 1.02 * Math.Sqrt(2.0 / (512 * 9)));
        Assert.Equal(1f, weights["layer3.0.bn1.weight"].mean().item<float>());
        Assert.Equal(0f, weights["layer3.0.bn1.bias"].abs().max().item<float>());
    }

    [Fact]
    public void Training_mode_backpropagates_into_the_stem()
    {
        using var network = new ResNet(ResNetLayout.TorchVision18, 2);
        network.train();
        using var input = randn(2, 3, 64, 64);
        using var logits = network.call(input);
        using var loss = logits.sum();
        loss.backward();

        var grad = network.named_parameters().Single(p => p.name == "conv1.weight").parameter.grad;
        Assert.NotNull(grad);
        Assert.True(grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResNet(ResNetLayout.TorchVision18, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResNet(new ResNetLayout(2, 0, 2, 2), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResNet(new ResNetOptions { Dropout = 1 }));
    }
}
