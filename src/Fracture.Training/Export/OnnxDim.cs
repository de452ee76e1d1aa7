namespace Fracture.Training.Export;

/// <summary>One dimension of a graph input or output: a fixed size, or a named symbolic one (dynamic).</summary>
public readonly record struct OnnxDim(long Value, string? Param)
{
    public static OnnxDim Fixed(long value) => new(value, null);

    public static OnnxDim Dynamic(string name) => new(0, name);
}
