using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace Fracture.Training.Export;

/// <summary>
/// Initializer encodings: float32, float16 and int64 as little-endian raw_data (ONNX's rule whatever the machine),
/// and the symmetric per-channel int8 quantisation of a weight.
/// </summary>
internal static class OnnxTensorEncoding
{
    /// <summary>Largest int8 magnitude used: symmetric, so -128 is never produced and zero stays exactly zero.</summary>
    public const int Int8Limit = 127;

    public static TensorProto Float32(string name, ReadOnlySpan<float> values, IReadOnlyList<long> dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Tensor(name, TensorProto.Types.DataType.Float, bytes, dims);
    }

    /// <summary>The values as float16, or null when one of them is beyond float16's range (the caller keeps float32).</summary>
    public static TensorProto? Float16(string name, ReadOnlySpan<float> values, IReadOnlyList<long> dims)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            var half = (Half)values[i];
            if (Half.IsInfinity(half) && float.IsFinite(values[i]))
            {
                return null;
            }

            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), half);
        }

        return Tensor(name, TensorProto.Types.DataType.Float16, bytes, dims);
    }

    public static TensorProto Int64(string name, ReadOnlySpan<long> values, IReadOnlyList<long> dims)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return Tensor(name, TensorProto.Types.DataType.Int64, bytes, dims);
    }

    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> values, IReadOnlyList<long> dims) =>
        Tensor(name, TensorProto.Types.DataType.Int8, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray(), dims);

    /// <summary>
    /// Symmetric int8 per slice of axis 0 (a convolution's or linear layer's output channel): scale = max |w| / 127,
    /// q = round(w / scale) (half to even, as QuantizeLinear rounds). An all-zero channel gets scale 1.
    /// </summary>
    public static (sbyte[] Values, float[] Scales) QuantizePerChannel(ReadOnlySpan<float> values, long channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (values.Length % channels != 0)
        {
            throw new ArgumentException($"{values.Length} values do not split into {channels} channels", nameof(values));
        }

        var per = (int)(values.Length / channels);
        var quantized = new sbyte[values.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var slice = values.Slice(c * per, per);
            var max = 0f;
            foreach (var v in slice)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            var scale = max > 0 ? max / Int8Limit : 1f;
            scales[c] = scale;
            for (var i = 0; i < per; i++)
            {
                var q = Math.Round(slice[i] / (double)scale, MidpointRounding.ToEven);
                quantized[(c * per) + i] = (sbyte)Math.Clamp(q, -Int8Limit, Int8Limit);
            }
        }

        return (quantized, scales);
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, byte[] bytes, IReadOnlyList<long> dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
