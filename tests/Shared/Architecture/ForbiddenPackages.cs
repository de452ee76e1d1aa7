namespace Fracture.Tests.Architecture;

/// <summary>Native ML stacks that must stay out of the libraries that do not need them, by package or assembly name prefix.</summary>
internal static class ForbiddenPackages
{
    /// <summary>TorchSharp and its libtorch native packages (TorchSharp-cpu, TorchSharp-cuda-linux, libtorch-cpu-linux-x64, ...).</summary>
    public static IReadOnlyList<string> TorchSharp { get; } = ["TorchSharp", "libtorch"];

    /// <summary>ONNX Runtime (Microsoft.ML.OnnxRuntime, .Gpu, .Managed, ...).</summary>
    public static IReadOnlyList<string> OnnxRuntime { get; } = ["Microsoft.ML.OnnxRuntime"];

    /// <summary>The names among <paramref name="names"/> that start with one of <paramref name="prefixes"/>, sorted.</summary>
    public static IReadOnlyList<string> Among(IEnumerable<string> names, IReadOnlyList<string> prefixes) =>
        [.. names.Where(n => prefixes.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal)];
}
