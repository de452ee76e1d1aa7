using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Export;

/// <summary>
/// A learned layer (convolution or linear) as an export wrote it: the graph names of its weight and bias values, the
/// module tensors they came from, and the BatchNorm folded into them, if any. Reading an exported file back into a
/// network (<see cref="Engine.OnnxInitialWeights"/>) follows these names.
/// </summary>
/// <param name="WeightName">The graph name of the (folded) kernel's float32 value.</param>
/// <param name="BiasName">The graph name of the (folded) bias, or null when the layer wrote none.</param>
public sealed record ExportedLayer(string WeightName, string? BiasName, Tensor Weight, Tensor? Bias, BatchNorm? BatchNorm);
