using System.Reflection;

namespace Fracture.Tests.Architecture;

/// <summary>
/// What compiled code references: the assembly references in an assembly's metadata, followed through Fracture's
/// own assemblies (not into packages or the framework).
/// </summary>
internal static class AssemblyReferenceGraph
{
    /// <summary>Names of the assemblies referenced by <paramref name="assemblyName"/> and, transitively, by the Fracture assemblies it references.</summary>
    public static IReadOnlySet<string> Closure(string assemblyName)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>([Assembly.Load(new AssemblyName(assemblyName))]);
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { assemblyName };
        while (pending.Count > 0)
        {
            foreach (var reference in pending.Pop().GetReferencedAssemblies())
            {
                var name = reference.Name!;
                seen.Add(name);
                if (IsFracture(name) && visited.Add(name))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return seen;
    }

    private static bool IsFracture(string name) =>
        name.StartsWith("Fracture.", StringComparison.Ordinal) || name == "fracture";
}
