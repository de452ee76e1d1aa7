using Microsoft.ML.OnnxRuntime;

namespace Fracture.Inference;

/// <summary>How a model's ONNX Runtime session is set up.</summary>
/// <param name="IntraOpThreads">Threads one operator may use (ONNX Runtime's intra-op pool); 0 lets ONNX Runtime choose.</param>
/// <param name="InterOpThreads">Threads running independent operators at once; 1 runs the graph sequentially.</param>
/// <param name="Optimization">Graph optimisation level; null keeps ONNX Runtime's default (all optimisations).</param>
public sealed record PredictorOptions(int IntraOpThreads = 2, int InterOpThreads = 1, GraphOptimizationLevel? Optimization = null)
{
    public static PredictorOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(InterOpThreads, nameof(InterOpThreads));
    }
}
