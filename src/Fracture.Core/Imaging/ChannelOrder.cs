namespace Fracture.Core.Imaging;

/// <summary>Order of the three colour planes in a network's input tensor.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (torchvision and most PyTorch-trained networks).</summary>
    Rgb,

    /// <summary>Blue, green, red (Caffe- and CNTK-trained networks such as ML.NET's DnnImageFeaturizer ResNet18).</summary>
    Bgr,
}
