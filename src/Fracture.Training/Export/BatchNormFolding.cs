namespace Fracture.Training.Export;

/// <summary>
/// Folds an eval-mode BatchNorm into the convolution before it: with s = gamma / sqrt(var + eps) per output channel,
/// conv(x, w) then BN equals conv(x, w * s) + (beta + (b - mean) * s). Computed in double, rounded once.
/// </summary>
public static class BatchNormFolding
{
    /// <param name="weight">Kernel [O, ...] flattened, output channel first.</param>
    /// <param name="bias">The convolution's bias [O], or null for none.</param>
    /// <param name="epsilon">The BatchNorm's own epsilon (the one its eval forward divides by).</param>
    public static (float[] Weight, float[] Bias) Fold(
        ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> variance,
        double epsilon)
    {
        var channels = gamma.Length;
        if (channels == 0 || beta.Length != channels || mean.Length != channels || variance.Length != channels
            || (bias.Length != 0 && bias.Length != channels) || weight.Length % channels != 0)
        {
            throw new ArgumentException(
                $"BatchNorm of {channels} channels does not fit a kernel of {weight.Length} values and {bias.Length} biases");
        }

        var per = weight.Length / channels;
        var folded = new float[weight.Length];
        var foldedBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var scale = gamma[c] / Math.Sqrt(variance[c] + epsilon);
            for (var i = 0; i < per; i++)
            {
                folded[(c * per) + i] = (float)(weight[(c * per) + i] * scale);
            }

            var b = bias.Length == 0 ? 0.0 : bias[c];
            foldedBias[c] = (float)(beta[c] + ((b - mean[c]) * scale));
        }

        return (folded, foldedBias);
    }
}
