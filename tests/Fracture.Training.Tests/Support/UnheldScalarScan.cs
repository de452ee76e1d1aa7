using System.Reflection;
using TorchSharp;

namespace Fracture.Training.Tests.Support;

/// <summary>
/// Reads TorchSharp's own IL below the calls a method makes into it, for Scalars TorchSharp makes inside where no
/// caller can hold them (<c>Tensor.square()</c> is <c>pow(2)</c> with an implicit Scalar 2). Follows calls within
/// TorchSharp a few levels deep, and for a module the code builds, its <c>forward</c> (reached only through a virtual
/// call the IL does not name).
/// </summary>
internal static class UnheldScalarScan
{
    private const int MaxDepth = 6;
    private static readonly Assembly TorchSharpAssembly = typeof(torch).Assembly;

    /// <summary>
    /// Each TorchSharp method the callers call (or module forward they reach) that makes a Scalar inside, with the
    /// chain of calls that leads to it. Explicit <c>ToScalar()</c> calls are the callers' own, held by them.
    /// </summary>
    public static IEnumerable<string> Findings(IEnumerable<MethodBase> callees)
    {
        var roots = callees
            .Where(callee => callee.Module.Assembly == TorchSharpAssembly && callee.DeclaringType != typeof(ScalarExtensionMethods))
            .Distinct()
            .ToList();
        var forwards = roots
            .Select(ModuleTypeMade)
            .OfType<Type>()
            .Distinct()
            .SelectMany(Forwards);

        foreach (var root in roots.Concat(forwards).Distinct())
        {
            var path = PathToScalar(root, 0, []);
            if (path is not null)
            {
                yield return $"{Name(root)}: {path}";
            }
        }
    }

    private static string? PathToScalar(MethodBase method, int depth, HashSet<MethodBase> seen)
    {
        if (depth > MaxDepth || !seen.Add(method))
        {
            return null;
        }

        foreach (var callee in IlCallSites.Of(method))
        {
            if (MakesScalar(callee))
            {
                return $"{Name(method)} -> {Name(callee)}";
            }

            if (callee.Module.Assembly == TorchSharpAssembly)
            {
                var below = PathToScalar(callee, depth + 1, seen);
                if (below is not null)
                {
                    return $"{Name(method)} > {below}";
                }
            }
        }

        return null;
    }

    private static bool MakesScalar(MethodBase callee) =>
        (callee.DeclaringType == typeof(Scalar) && (callee.Name == "op_Implicit" || callee is ConstructorInfo))
        || (callee.DeclaringType == typeof(ScalarExtensionMethods) && callee.Name == "ToScalar");

    // A module the code builds: by its constructor, or returned by a factory such as nn.Conv2d(...). An abstract
    // module's constructor is a subclass's base call (HeldBatchNorm2d's), whose forward is the subclass's own.
    private static Type? ModuleTypeMade(MethodBase root)
    {
        var type = root is ConstructorInfo ? root.DeclaringType : (root as MethodInfo)?.ReturnType;
        return type is { IsAbstract: false } && typeof(torch.nn.Module).IsAssignableFrom(type) ? type : null;
    }

    private static IEnumerable<MethodBase> Forwards(Type module)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        for (var type = module; type is not null && type.Assembly == TorchSharpAssembly; type = type.BaseType)
        {
            foreach (var forward in type.GetMethods(declared).Where(method => method.Name == "forward"))
            {
                yield return forward;
            }
        }
    }

    private static string Name(MethodBase method) => $"{method.DeclaringType?.Name}.{method.Name}";
}
