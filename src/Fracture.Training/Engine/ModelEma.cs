using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// Exponential moving average of a model's weights and buffers, validated instead of the raw weights because it is
/// smoother. The decay ramps up from 0 (<c>decay * (1 - exp(-updates / tau))</c>) so early, poor weights fade fast.
/// </summary>
public sealed class ModelEma : IDisposable
{
    private readonly double _decay;
    private readonly double _tau;

    /// <param name="average">A second instance of the same architecture; it becomes the average.</param>
    /// <param name="updates">Steps already averaged: a resumed run's, so the decay goes on from where it was.</param>
    public ModelEma(nn.Module model, nn.Module average, double decay, double tau = 2000, long updates = 0)
    {
        Model = average;
        _decay = decay;
        _tau = tau;
        Updates = updates;
        using (no_grad())
        {
            var source = model.state_dict();
            foreach (var (name, tensor) in Model.state_dict())
            {
                tensor.copy_(source[name]);
            }
        }

        foreach (var parameter in Model.parameters())
        {
            parameter.requires_grad = false;
        }

        Model.eval();
    }

    public nn.Module Model { get; }

    public long Updates { get; private set; }

    public void Update(nn.Module model)
    {
        Updates++;
        var d = _decay * (1 - Math.Exp(-Updates / _tau));
        using var scope = NewDisposeScope();

        // Held for the whole update: a temporary Scalar can be freed by its finalizer mid-call (see Optimizers.AdamW).
        using var keep = d.ToScalar();
        using var mix = (1 - d).ToScalar();
        using (no_grad())
        {
            var source = model.state_dict();
            foreach (var (name, average) in Model.state_dict())
            {
                var current = source[name];
                if (average.is_floating_point())
                {
                    average.mul_(keep).add_(current.detach(), alpha: mix);
                }
                else
                {
                    // Counters such as BatchNorm's num_batches_tracked are copied, not averaged.
                    average.copy_(current);
                }
            }
        }
    }

    public void Dispose() => Model.Dispose();
}
