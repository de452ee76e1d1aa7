namespace Fracture.Server.Tests.Support;

/// <summary>
/// Tests that measure the managed heap. <see cref="GC.GetTotalMemory(bool)"/> counts the whole process, and xunit
/// runs test classes in parallel, so another class's images alive at the moment of measuring would count against
/// the bound. This collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasuredTests
{
    public const string Name = "heap measured";
}
