using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Engine.Optimizers;

/// <summary>
/// TorchSharp's AdamW with a step that holds every number it passes to libtorch as a <see cref="Scalar"/> alive
/// until the call returns. Groups, options and state are TorchSharp's, and so is the class name on purpose: a saved
/// optimiser state starts with the optimiser's type name and refuses to load under another, so checkpoints written
/// with TorchSharp's AdamW resume with this one and the other way round.
/// </summary>
/// <remarks>
/// TorchSharp turns a <see cref="double"/> argument into a temporary <see cref="Scalar"/> whose only owner is its
/// finalizer. Nothing keeps it reachable during the native call, so a garbage collection on another thread can
/// free it while libtorch reads it: the call then fails with "Expected false to be true" from
/// <c>c10::Scalar::toDouble</c>. It stopped a training run once in about 60 epochs; a loop of <c>mul_(double)</c>
/// beside a collecting thread failed after 14,717 and 46,558 calls in two runs (docs/training.md). The optimiser step makes most of a
/// training step's such calls, so it is where holding them matters.
/// </remarks>
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    public AdamW(IEnumerable<ParamGroup> groups, double lr)
        : base(groups, lr)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = (Options)group.Options;
        if (options.amsgrad == true || options.maximize == true)
        {
            throw new NotSupportedException("this AdamW step implements neither amsgrad nor maximize");
        }

        var lr = options.LearningRate!.Value;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
        using var decay = (1 - (lr * options.weight_decay!.Value)).ToScalar();
        using var keep1 = beta1.ToScalar();
        using var mix1 = (1 - beta1).ToScalar();
        using var keep2 = beta2.ToScalar();
        using var mix2 = (1 - beta2).ToScalar();
        using var eps = options.eps!.Value.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }

            var state = (State)_state[parameter.Handle];
            state.step++;
            var correction1 = 1 - Math.Pow(beta1, state.step);
            var correction2 = 1 - Math.Pow(beta2, state.step);

            // Decoupled weight decay, then the moment estimates, then the bias-corrected update.
            parameter.mul_(decay);
            state.exp_avg.mul_(keep1).add_(grad, alpha: mix1);
            state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad, value: mix2);
            using var root = Math.Sqrt(correction2).ToScalar();
            using var stepSize = (-lr / correction1).ToScalar();
            var denominator = state.exp_avg_sq.sqrt().div_(root).PlusInPlace(eps); // HeldAlpha: TorchSharp's add_(eps) makes an alpha nothing holds
            parameter.addcdiv_(state.exp_avg, denominator, value: stepSize);
        }
    }
}
