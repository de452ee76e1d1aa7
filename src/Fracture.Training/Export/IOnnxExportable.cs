namespace Fracture.Training.Export;

/// <summary>
/// A network module that writes its own eval-mode computation as ONNX nodes, so the exported graph comes from the
/// same module definitions that train (no second copy of the architecture). Inputs and outputs are tensor names in
/// the graph being built: a string for one tensor, a tuple for several (as the module's forward takes them).
/// </summary>
public interface IOnnxExportable<in TInput, out TOutput>
{
    /// <summary>Adds the module's nodes and initializers (BatchNorm folded into its convolution) and returns its output.</summary>
    TOutput ExportOnnx(OnnxGraphBuilder graph, TInput input);
}
