using Fracture.Tests.Architecture;

namespace Fracture.Server.Tests;

/// <summary>
/// A user who only serves restores no TorchSharp: the server depends on Inference and Core, never on Training or
/// libtorch, in the declared graph (deps.json) and in compiled references alike.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly DependencyGraph Graph = DependencyGraph.Of(typeof(ArchitectureTests).Assembly);

    [Fact]
    public void Server_references_neither_training_nor_torchsharp()
    {
        var declared = Graph.Closure("Fracture.Server");
        var compiled = AssemblyReferenceGraph.Closure("Fracture.Server");
        Assert.Empty(ForbiddenPackages.Among(declared, ForbiddenPackages.TorchSharp));
        Assert.Empty(ForbiddenPackages.Among(compiled, ForbiddenPackages.TorchSharp));
        Assert.DoesNotContain("Fracture.Training", declared);
        Assert.DoesNotContain("Fracture.Training", compiled);
    }

    /// <summary>Control: both views see what the server does use, so the rule above is not empty by accident.</summary>
    [Fact]
    public void Both_views_see_the_servers_real_dependencies()
    {
        var declared = Graph.Closure("Fracture.Server");
        Assert.Contains("Fracture.Inference", declared);
        Assert.Contains("Microsoft.ML.OnnxRuntime", declared);
        Assert.Contains("Microsoft.Data.Sqlite", declared);

        var compiled = AssemblyReferenceGraph.Closure("Fracture.Server");
        Assert.Contains("Fracture.Inference", compiled);
        Assert.Contains("Fracture.Core", compiled);
    }
}
