using Onnx;

namespace Fracture.Training.Networks;

/// <summary>
/// One convolution of an ONNX ResNet with the BatchNormalization that follows it, and the names of the
/// <see cref="ResNet"/> modules (state_dict prefixes) they load into.
/// </summary>
internal sealed record OnnxConvBn(
    string ConvName,
    string BatchNormName,
    TensorProto Weight,
    TensorProto Scale,
    TensorProto Bias,
    TensorProto Mean,
    TensorProto Variance);
