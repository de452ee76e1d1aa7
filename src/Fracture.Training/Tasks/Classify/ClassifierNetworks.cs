using Fracture.Core.Imaging;
using Fracture.Training.Networks;

namespace Fracture.Training.Tasks.Classify;

/// <summary>The classifier networks by name, with the input normalisation each expects.</summary>
public static class ClassifierNetworks
{
    /// <summary>The seed prototype's network: torchvision's ResNet18 layout, from scratch.</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>ImageNet-pretrained ResNet18 ([2,2,2,3]) from the DnnImageFeaturizer ONNX file.</summary>
    public const string ResNet18Pretrained = "resnet18-pretrained";

    public static IReadOnlyList<string> Names { get; } = [ResNet18, ResNet18Pretrained];

    public static InputNormalization NormalizationOf(string name) => name switch
    {
        ResNet18 => InputNormalization.ImageNetRgb,
        ResNet18Pretrained => PretrainedResNet18.Normalization,
        _ => throw Unknown(name),
    };

    /// <param name="initialWeights">Load pretrained weights (false when the weights come from a checkpoint).</param>
    public static ResNet Create(string name, int numClasses, bool initialWeights, double dropout = 0) => name switch
    {
        ResNet18 => new ResNet(new ResNetOptions { Layout = ResNetLayout.TorchVision18, NumClasses = numClasses, Dropout = dropout }),
        ResNet18Pretrained when initialWeights => PretrainedResNet18.Load(numClasses, dropout: dropout),
        ResNet18Pretrained => new ResNet(new ResNetOptions { Layout = ResNetLayout.DnnImageFeaturizer18, NumClasses = numClasses, Dropout = dropout }),
        _ => throw Unknown(name),
    };

    private static Core.FractureException Unknown(string name) =>
        new($"unknown classifier '{name}': use {string.Join(" or ", Names)}");
}
