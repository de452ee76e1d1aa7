using Fracture.Core.Imaging;
using Fracture.Training.Networks;
using Fracture.Training.Networks.Detection;

namespace Fracture.Training.Tasks.Detect;

/// <summary>The detector networks by backbone name, with the input normalisation each expects.</summary>
public static class DetectorNetworks
{
    /// <summary>ImageNet-pretrained ResNet18 ([2,2,2,3]) backbone from the DnnImageFeaturizer ONNX file.</summary>
    public const string ResNet18Pretrained = "resnet18-pretrained";

    /// <summary>torchvision's ResNet18 layout from scratch (for comparison; needs far more epochs).</summary>
    public const string ResNet18 = "resnet18";

    public static IReadOnlyList<string> Names { get; } = [ResNet18Pretrained, ResNet18];

    public static InputNormalization NormalizationOf(string name) => name switch
    {
        ResNet18 => InputNormalization.ImageNetRgb,
        ResNet18Pretrained => PretrainedResNet18.Normalization,
        _ => throw Unknown(name),
    };

    /// <param name="initialWeights">Load pretrained backbone weights (false when the weights come from a checkpoint).</param>
    public static Detector Create(string name, int classes, bool initialWeights) =>
        new(Backbone(name, initialWeights), new DetectorOptions { Classes = classes });

    /// <summary>The backbone by name, without a classification head (the segmenter uses the same ones).</summary>
    internal static ResNet Backbone(string name, bool initialWeights) => name switch
    {
        ResNet18 => new ResNet(ResNetLayout.TorchVision18, numClasses: 0),
        ResNet18Pretrained when initialWeights => PretrainedResNet18.Load(numClasses: 0),
        ResNet18Pretrained => new ResNet(ResNetLayout.DnnImageFeaturizer18, numClasses: 0),
        _ => throw Unknown(name),
    };

    private static Core.FractureException Unknown(string name) =>
        new($"unknown detector backbone '{name}': use {string.Join(" or ", Names)}");
}
