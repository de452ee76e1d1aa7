using Fracture.Training.Engine;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Networks;

/// <summary>
/// BatchNorm over [N, C, H, W] as TorchSharp's BatchNorm2d computes it (same parameters, buffers and state_dict keys,
/// so checkpoints load either way), except that training mode counts <c>num_batches_tracked</c> with held Scalars.
/// TorchSharp's own forward does <c>num_batches_tracked.add_(1)</c>: an implicit Scalar and a hidden alpha that nothing
/// holds through the native call, in every BatchNorm of every training step (docs/training.md, "Scalars held through
/// native calls"). Always affine, always tracking running statistics, with a fixed momentum: all this project uses.
/// </summary>
public sealed class HeldBatchNorm2d : BatchNorm
{
    public HeldBatchNorm2d(long features, double eps, double momentum)
        : base(features, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null, name: "BatchNorm2d")
    {
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (training)
        {
            num_batches_tracked!.Increment();
        }

        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, momentum!.Value, eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4)
        {
            throw new ArgumentException($"expected 4D input, but got {input.ndim}D input.");
        }
    }
}
