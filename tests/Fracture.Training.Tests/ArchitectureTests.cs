using Fracture.Tests.Architecture;

namespace Fracture.Training.Tests;

/// <summary>
/// Dependency rules seen from the training build: training builds on Core. That Core stays free of TorchSharp and
/// ONNX Runtime is checked once, in Fracture.Inference.Tests, on the same shared helpers.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly DependencyGraph Graph = DependencyGraph.Of(typeof(ArchitectureTests).Assembly);

    [Fact]
    public void Training_references_core()
    {
        Assert.Contains("Fracture.Core", Graph.DirectDependencies("Fracture.Training"));
    }
}
