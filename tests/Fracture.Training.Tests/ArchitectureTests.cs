using Fracture.Tests.Architecture;

namespace Fracture.Training.Tests;

/// <summary>
/// Dependency rules seen from the training build, the one that will hold TorchSharp: Fracture.Core stays free of
/// native ML stacks (TorchSharp, ONNX Runtime) even here, and training builds on Core. Checked in the declared graph
/// (deps.json) and in compiled metadata.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly DependencyGraph Graph = DependencyGraph.Of(typeof(ArchitectureTests).Assembly);

    [Fact]
    public void Training_references_core()
    {
        Assert.Contains("Fracture.Core", Graph.DirectDependencies("Fracture.Training"));
    }

    [Fact]
    public void Core_references_neither_torchsharp_nor_onnx_runtime()
    {
        string[] forbidden = [.. ForbiddenPackages.TorchSharp, .. ForbiddenPackages.OnnxRuntime];

        Assert.Empty(ForbiddenPackages.Among(Graph.Closure("Fracture.Core"), forbidden));
        Assert.Empty(ForbiddenPackages.Among(AssemblyReferenceGraph.Closure("Fracture.Core"), forbidden));
    }

    /// <summary>Control: the rules above are not empty by accident; both views see Core's real packages.</summary>
    [Fact]
    public void Both_views_see_the_packages_core_does_use()
    {
        var declared = Graph.Closure("Fracture.Training");
        Assert.Contains("Fracture.Core", declared);
        Assert.Contains("SkiaSharp", declared);
        Assert.Contains("YamlDotNet", declared);

        var compiled = AssemblyReferenceGraph.Closure("Fracture.Core");
        Assert.Contains("SkiaSharp", compiled);
        Assert.Contains("YamlDotNet", compiled);
        Assert.Throws<InvalidOperationException>(() => Graph.Closure("Fracture.NoSuchProject"));
    }

    /// <summary>Control: the name rules catch the real package and assembly names of both stacks.</summary>
    [Fact]
    public void Forbidden_names_match_the_real_packages()
    {
        string[] names = ["TorchSharp", "TorchSharp-cpu", "TorchSharp-cuda-linux", "libtorch-cpu-linux-x64", "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu", "Microsoft.ML.OnnxRuntime.Managed", "SkiaSharp", "Microsoft.ML"];

        Assert.Equal(["TorchSharp", "TorchSharp-cpu", "TorchSharp-cuda-linux", "libtorch-cpu-linux-x64"], ForbiddenPackages.Among(names, ForbiddenPackages.TorchSharp));
        Assert.Equal(["Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu", "Microsoft.ML.OnnxRuntime.Managed"], ForbiddenPackages.Among(names, ForbiddenPackages.OnnxRuntime));
    }
}
