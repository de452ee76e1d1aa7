using System.Buffers.Binary;
using Fracture.Core.Models;
using Onnx;

namespace Fracture.Training.Networks;

/// <summary>Reads float32 initializers, whichever of ONNX's two encodings (float_data or raw_data) they use.</summary>
internal static class OnnxTensors
{
    public static long ElementCount(TensorProto tensor)
    {
        long count = 1;
        foreach (var dim in tensor.Dims)
        {
            count = checked(count * dim);
        }

        return count;
    }

    public static float[] ReadFloats(TensorProto tensor, string path)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new ModelFormatException(path, $"initializer {tensor.Name} is stored in an external file, which is not supported");
        }

        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new ModelFormatException(path, $"initializer {tensor.Name} has ONNX data type {tensor.DataType}, expected float32 (1)");
        }

        var count = ElementCount(tensor);
        if (tensor.FloatData.Count == count)
        {
            return [.. tensor.FloatData];
        }

        var raw = tensor.RawData.Span;
        if (tensor.FloatData.Count == 0 && raw.Length == count * sizeof(float))
        {
            // raw_data is little-endian by the ONNX specification, whatever the machine.
            var values = new float[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * sizeof(float), sizeof(float)));
            }

            return values;
        }

        throw new ModelFormatException(
            path,
            $"initializer {tensor.Name} of shape [{string.Join(", ", tensor.Dims)}] needs {count} values but holds " +
            $"{tensor.FloatData.Count} float_data values and {raw.Length} raw_data bytes (truncated or corrupt)");
    }
}
