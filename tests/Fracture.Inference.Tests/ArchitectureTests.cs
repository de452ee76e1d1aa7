using Fracture.Tests.Architecture;

namespace Fracture.Inference.Tests;

/// <summary>
/// Dependency rules of the inference side: it runs ONNX models on Fracture.Core and never pulls in TorchSharp
/// (libtorch is gigabytes of native code that a server has no use for). Each rule is checked twice: in the declared
/// graph (deps.json, so an unused PackageReference counts) and in compiled metadata (so a direct dll reference counts).
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly DependencyGraph Graph = DependencyGraph.Of(typeof(ArchitectureTests).Assembly);

    [Fact]
    public void Inference_references_core()
    {
        Assert.Contains("Fracture.Core", Graph.DirectDependencies("Fracture.Inference"));
    }

    [Fact]
    public void Inference_does_not_reference_torchsharp()
    {
        Assert.Empty(ForbiddenPackages.Among(Graph.Closure("Fracture.Inference"), ForbiddenPackages.TorchSharp));
        Assert.Empty(ForbiddenPackages.Among(AssemblyReferenceGraph.Closure("Fracture.Inference"), ForbiddenPackages.TorchSharp));
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
        var declared = Graph.Closure("Fracture.Inference");
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
