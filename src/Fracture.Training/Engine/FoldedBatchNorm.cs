using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// A BatchNorm whose convolution came from an ONNX export with the BatchNorm folded in: the file gave the folded
/// bias, and the kernel was divided per output channel by <see cref="Scale"/> (see <see cref="OnnxInitialWeights"/>),
/// so the eval output the file computes is scale x z + bias, z being the convolution's output here.
/// </summary>
internal sealed class FoldedBatchNorm(BatchNorm norm, float[] bias, float[] scale)
{
    public BatchNorm Norm { get; } = norm;

    public float[] Bias { get; } = bias;

    public float[] Scale { get; } = scale;

    /// <summary>Eval mode computes the file's output: weight = scale, the folded bias, mean 0, variance 1 - eps.</summary>
    public void Identity()
    {
        Set(Norm.weight!, Scale);
        Set(Norm.bias!, Bias);
        Norm.running_mean!.zero_();
        // Held through the call (docs/training.md, "Scalars held ...").
        using var variance = (1 - Norm.eps).ToScalar();
        Norm.running_var!.fill_(variance);
    }

    /// <summary>
    /// The input's mean and (biased) variance become the running statistics; weight = scale x sqrt(variance + eps) and
    /// bias = scale x mean + folded bias keep eval mode exact, and make a batch normalised by its own statistics come out
    /// nearly the same.
    /// </summary>
    public void Calibrate(double[] mean, double[] variance)
    {
        var eps = Norm.eps;
        Set(Norm.running_mean!, [.. mean.Select(m => (float)m)]);
        Set(Norm.running_var!, [.. variance.Select(v => (float)v)]);
        Set(Norm.weight!, [.. variance.Select((v, c) => (float)(Scale[c] * Math.Sqrt(v + eps)))]);
        Set(Norm.bias!, [.. mean.Select((m, c) => (float)((Scale[c] * m) + Bias[c]))]);
    }

    private static void Set(Tensor target, float[] values)
    {
        using var source = tensor(values, dtype: target.dtype);
        target.copy_(source);
    }
}
