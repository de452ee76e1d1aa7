using System.Reflection;
using System.Text.Json;

namespace Fracture.Tests.Architecture;

/// <summary>
/// The library graph a build declared, read from a test assembly's deps.json: every project and package with the
/// libraries it depends on (project and package references, as the csproj files say, used in code or not).
/// </summary>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, HashSet<string>> _dependencies;

    private DependencyGraph(Dictionary<string, HashSet<string>> dependencies) => _dependencies = dependencies;

    /// <summary>The graph of the test assembly's own build: its deps.json beside it in the output folder.</summary>
    public static DependencyGraph Of(Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        return Load(Path.Combine(AppContext.BaseDirectory, $"{testAssembly.GetName().Name}.deps.json"));
    }

    public static DependencyGraph Load(string depsJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(depsJsonPath));
        var dependencies = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);

        // One target per framework / runtime identifier; a library's dependencies are the union over them.
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                var name = NameOf(library.Name);
                if (!dependencies.TryGetValue(name, out var set))
                {
                    dependencies[name] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                if (library.Value.TryGetProperty("dependencies", out var deps))
                {
                    foreach (var dep in deps.EnumerateObject())
                    {
                        set.Add(dep.Name);
                    }
                }
            }
        }

        return new DependencyGraph(dependencies);
    }

    /// <summary>Every library in the graph.</summary>
    public IReadOnlyCollection<string> Libraries => _dependencies.Keys;

    /// <summary>The libraries <paramref name="library"/> depends on directly.</summary>
    /// <exception cref="InvalidOperationException">The library is not in the graph (so no rule about it can pass by accident).</exception>
    public IReadOnlySet<string> DirectDependencies(string library) =>
        _dependencies.TryGetValue(library, out var set)
            ? set
            : throw new InvalidOperationException($"'{library}' is not in the deps.json graph (it has {string.Join(", ", _dependencies.Keys.Order())})");

    /// <summary>Every library reachable from <paramref name="library"/> through dependencies, itself excluded.</summary>
    public IReadOnlySet<string> Closure(string library)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(DirectDependencies(library));
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (seen.Add(next) && _dependencies.TryGetValue(next, out var further))
            {
                foreach (var dep in further)
                {
                    pending.Push(dep);
                }
            }
        }

        return seen;
    }

    // "Fracture.Core/1.0.0" -> "Fracture.Core".
    private static string NameOf(string nameAndVersion)
    {
        var slash = nameAndVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? nameAndVersion : nameAndVersion[..slash];
    }
}
