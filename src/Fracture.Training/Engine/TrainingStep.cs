using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// One optimiser step as every training loop takes it (the trainer and both benchmarks): the loss on the bfloat16
/// copy when there is one, backward, gradients handed to the float32 master, optional clipping, the optimiser's
/// step, the master's new weights back to the copy. One place, so the benchmarks time what training does.
/// </summary>
internal sealed class TrainingStep
{
    private readonly nn.Module<Tensor, Tensor> _master;
    private readonly BFloat16Compute? _mixed;
    private readonly optim.Optimizer _optimizer;
    private readonly double _clipGradientNorm;
    private readonly List<TorchSharp.Modules.Parameter> _trained;

    /// <param name="master">The float32 network the optimiser updates.</param>
    /// <param name="mixed">Its bfloat16 copy, or null when the master computes itself.</param>
    /// <param name="optimizer">The optimiser over the master's parameters.</param>
    /// <param name="clipGradientNorm">Largest global gradient norm; 0 turns clipping off.</param>
    public TrainingStep(nn.Module<Tensor, Tensor> master, BFloat16Compute? mixed, optim.Optimizer optimizer, double clipGradientNorm)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(clipGradientNorm);
        _master = master;
        _mixed = mixed;
        _optimizer = optimizer;
        _clipGradientNorm = clipGradientNorm;
        _trained = [.. master.parameters().Where(p => p.requires_grad)];
    }

    /// <summary>Puts the master and its copy in training mode (dropout, batch statistics): before a loop of steps.</summary>
    public void Train()
    {
        _master.train();
        _mixed?.Model.train();
    }

    /// <summary>The network the loss runs through: the bfloat16 copy, or the master itself.</summary>
    public nn.Module<Tensor, Tensor> Computing => _mixed?.Model ?? _master;

    /// <summary>
    /// Takes one step on <paramref name="loss"/> of <see cref="Computing"/> and returns the loss's value. A loss that is
    /// not finite throws <paramref name="whenNotFinite"/>'s exception before the weights change, when it is given.
    /// </summary>
    public float Take(Func<nn.Module<Tensor, Tensor>, Tensor> loss, Func<float, Exception>? whenNotFinite = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _optimizer.zero_grad();
        var value = loss(Computing);
        var number = value.item<float>();
        if (!float.IsFinite(number) && whenNotFinite is not null)
        {
            throw whenNotFinite(number);
        }

        value.backward();
        _mixed?.PushGradients();
        if (_clipGradientNorm > 0)
        {
            nn.utils.clip_grad_norm_(_trained, _clipGradientNorm);
        }

        _optimizer.step();
        _mixed?.PullWeights();
        return number;
    }
}
