namespace Fracture.Training.Export;

/// <summary>How an exported model stores its convolution and linear weights (see <see cref="OnnxGraphBuilder.Weight"/>).</summary>
public enum WeightPrecision
{
    /// <summary>float32, as trained.</summary>
    Fp32,

    /// <summary>float16 initializers, cast back to float32 inside the graph: half the size, about 3 significant digits.</summary>
    Fp16,

    /// <summary>Symmetric int8 per output channel with DequantizeLinear: a quarter of the size; activations stay float.</summary>
    Int8,
}
