using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// Builds the optimiser with two parameter groups: weight decay on convolution and linear weights, none on biases and
/// normalisation parameters (decaying those only fights the normalisation).
/// </summary>
public static class OptimizerFactory
{
    public static optim.Optimizer Create(nn.Module model, TrainOptions options)
    {
        var decay = new List<Parameter>();
        var noDecay = new List<Parameter>();
        foreach (var parameter in model.parameters())
        {
            if (!parameter.requires_grad)
            {
                continue;
            }

            (parameter.dim() > 1 ? decay : noDecay).Add(parameter);
        }

        var lr = options.LearningRate;
        return options.Optimizer switch
        {
            OptimizerKind.AdamW => optim.AdamW(
                [
                    new AdamW.ParamGroup(decay, new AdamW.Options { LearningRate = lr, weight_decay = options.WeightDecay, beta1 = options.Momentum, beta2 = 0.999 }),
                    new AdamW.ParamGroup(noDecay, new AdamW.Options { LearningRate = lr, weight_decay = 0, beta1 = options.Momentum, beta2 = 0.999 }),
                ],
                lr),
            OptimizerKind.Sgd => optim.SGD(
                [
                    new SGD.ParamGroup(decay, new SGD.Options { LearningRate = lr, weight_decay = options.WeightDecay, momentum = options.Momentum, nesterov = true }),
                    new SGD.ParamGroup(noDecay, new SGD.Options { LearningRate = lr, weight_decay = 0, momentum = options.Momentum, nesterov = true }),
                ],
                lr),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "unknown optimiser"),
        };
    }

    public static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }
    }
}
