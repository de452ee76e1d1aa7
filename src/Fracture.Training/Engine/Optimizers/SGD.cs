using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Engine.Optimizers;

/// <summary>
/// TorchSharp's SGD with a step that holds its numbers as <see cref="Scalar"/>s alive across each native call. Why,
/// and why the class keeps TorchSharp's name, is on <see cref="AdamW"/>.
/// </summary>
public sealed class SGD : TorchSharp.Modules.SGD
{
    public SGD(IEnumerable<ParamGroup> groups, double lr)
        : base(groups, lr)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = group.Options;
        if (options.maximize == true)
        {
            throw new NotSupportedException("this SGD step does not implement maximize");
        }

        var momentum = options.momentum!.Value;
        var weightDecay = options.weight_decay!.Value;
        using var decay = weightDecay.ToScalar();
        using var keep = momentum.ToScalar();
        using var mix = (1 - options.dampening!.Value).ToScalar();
        using var descent = (-options.LearningRate!.Value).ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }

            if (weightDecay != 0)
            {
                grad = grad.add(parameter, alpha: decay);
            }

            if (momentum != 0)
            {
                var state = (State)_state[parameter.Handle];
                if (state.momentum_buffer is null)
                {
                    // The first step's buffer is the gradient itself; it outlives the step's dispose scope.
                    state.momentum_buffer = grad.clone().detach().DetachFromDisposeScope();
                }
                else
                {
                    state.momentum_buffer.mul_(keep).add_(grad, alpha: mix);
                }

                grad = options.nesterov == true ? grad.add(state.momentum_buffer, alpha: keep) : state.momentum_buffer;
            }

            parameter.add_(grad, alpha: descent);
        }
    }
}
