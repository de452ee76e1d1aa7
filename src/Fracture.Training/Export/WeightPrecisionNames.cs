using Fracture.Core;

namespace Fracture.Training.Export;

/// <summary>The names of <see cref="WeightPrecision"/> on the command line and in a model's metadata.</summary>
public static class WeightPrecisionNames
{
    public static IReadOnlyList<string> All { get; } = ["fp32", "fp16", "int8"];

    public static string Name(WeightPrecision precision) => precision switch
    {
        WeightPrecision.Fp32 => "fp32",
        WeightPrecision.Fp16 => "fp16",
        WeightPrecision.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(precision)),
    };

    /// <exception cref="FractureException">Not one of <see cref="All"/>.</exception>
    public static WeightPrecision Parse(string name) => name?.ToLowerInvariant() switch
    {
        "fp32" => WeightPrecision.Fp32,
        "fp16" => WeightPrecision.Fp16,
        "int8" => WeightPrecision.Int8,
        _ => throw new FractureException($"unknown precision '{name}': use {string.Join(", ", All)}"),
    };
}
