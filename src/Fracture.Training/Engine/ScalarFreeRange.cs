using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// 0, 1, ..., count - 1 as a float tensor, built from a managed array. TorchSharp's <c>arange(stop)</c> makes
/// temporary Scalars for start and step inside itself, where no caller can hold them through the native call (see
/// docs/training.md, "Scalars held through native calls"); the losses call this every step.
/// </summary>
internal static class ScalarFreeRange
{
    public static Tensor Of(long count, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        var range = tensor(values);
        return dtype == ScalarType.Float32 ? range : range.to_type(dtype);
    }
}
