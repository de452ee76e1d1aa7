using Fracture.Tests.Architecture;

namespace Fracture.Dicom.Tests;

/// <summary>
/// The server takes DICOM through Fracture.Dicom, so neither it nor its worker may pull in TorchSharp or ONNX
/// Runtime; and only the worker process loads GDCM (Fracture.Dicom itself never does, see DicomDecoder).
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly DependencyGraph Graph = DependencyGraph.Of(typeof(ArchitectureTests).Assembly);

    [Fact]
    public void Dicom_references_core_and_its_worker()
    {
        Assert.Contains("Fracture.Core", Graph.DirectDependencies("Fracture.Dicom"));
        Assert.Contains("Fracture.Dicom.Worker", Graph.DirectDependencies("Fracture.Dicom"));
    }

    [Fact]
    public void Dicom_pulls_in_no_machine_learning_runtime()
    {
        IReadOnlyList<string> forbidden = [.. ForbiddenPackages.TorchSharp, .. ForbiddenPackages.OnnxRuntime];

        Assert.Empty(ForbiddenPackages.Among(Graph.Closure("Fracture.Dicom"), forbidden));
        Assert.Empty(ForbiddenPackages.Among(AssemblyReferenceGraph.Closure("Fracture.Dicom"), forbidden));
    }

    [Fact]
    public void Only_the_worker_compiles_against_gdcm()
    {
        // Direct metadata references: the closure of Fracture.Dicom reaches GDCM only through the worker.
        Assert.DoesNotContain("gdcm-sharp", typeof(DicomDecoder).Assembly.GetReferencedAssemblies().Select(a => a.Name));
        Assert.Contains("gdcm-sharp", typeof(Worker.WorkerProtocol).Assembly.GetReferencedAssemblies().Select(a => a.Name));
    }
}
