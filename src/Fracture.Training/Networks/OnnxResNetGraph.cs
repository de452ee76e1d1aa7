namespace Fracture.Training.Networks;

/// <summary>What <see cref="OnnxResNetReader"/> found in an ONNX ResNet: its stages, BatchNorm epsilon and weights.</summary>
/// <param name="BatchNormEpsilon">The epsilon every BatchNormalization node uses (they must agree).</param>
/// <param name="OnnxBatchNormMomentum">The file's momentum attribute in ONNX's sense (weight of the running value);
/// informative only, training uses <see cref="ResNetOptions.BatchNormMomentum"/>. Null when the nodes carry none.</param>
internal sealed record OnnxResNetGraph(
    string Path,
    ResNetLayout Layout,
    double BatchNormEpsilon,
    double? OnnxBatchNormMomentum,
    IReadOnlyList<OnnxConvBn> Units);
