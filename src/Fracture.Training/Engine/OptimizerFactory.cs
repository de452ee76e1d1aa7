using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// Builds the optimiser's parameter groups: weight decay on convolution and linear weights, none on biases and
/// normalisation parameters (decaying those only fights the normalisation); and, when
/// <see cref="TrainOptions.BackboneLearningRateFactor"/> is not 1, the pretrained backbone's parameters in groups of
/// their own at that share of the learning rate (fine-tuning gently what ImageNet already taught); likewise the
/// segmenter's outline branches with <see cref="TrainOptions.MaskLearningRateFactor"/>. The optimisers
/// are TorchSharp's, stepped by <see cref="Optimizers.AdamW"/> and <see cref="Optimizers.SGD"/>.
/// </summary>
public static class OptimizerFactory
{
    /// <summary>Parameter names under the network's pretrained backbone (the detector's and segmenter's field name).</summary>
    public const string BackbonePrefix = "backbone.";

    /// <summary>Parameter names under the segmenter's outline branches (its mask-coefficient head and prototype module).</summary>
    public static readonly IReadOnlyList<string> MaskPrefixes = ["coefficients.", "prototypes."];

    public static optim.Optimizer Create(nn.Module model, TrainOptions options) => Create(model, options, out _);

    /// <param name="factors">Each group's share of the scheduled learning rate, in the optimiser's group order; pass it to <see cref="SetLearningRate"/>.</param>
    /// <exception cref="Core.FractureException">A backbone factor other than 1 for a network without a backbone, or a mask factor other than 1 for one without outline branches.</exception>
    public static optim.Optimizer Create(nn.Module model, TrainOptions options, out IReadOnlyList<double> factors)
    {
        var groups = Groups(model, options);
        factors = [.. groups.Select(g => g.Factor)];
        var lr = options.LearningRate;
        return options.Optimizer switch
        {
            OptimizerKind.AdamW => new Optimizers.AdamW(
                groups.Select(g => new AdamW.ParamGroup(g.Parameters, new AdamW.Options { LearningRate = lr * g.Factor, weight_decay = g.Decay ? options.WeightDecay : 0, beta1 = options.Momentum, beta2 = 0.999 })),
                lr),
            OptimizerKind.Sgd => new Optimizers.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, new SGD.Options { LearningRate = lr * g.Factor, weight_decay = g.Decay ? options.WeightDecay : 0, momentum = options.Momentum, nesterov = true })),
                lr),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "unknown optimiser"),
        };
    }

    /// <param name="factors">The groups' shares from <see cref="Create(nn.Module, TrainOptions, out IReadOnlyList{double})"/>.</param>
    public static void SetLearningRate(optim.Optimizer optimizer, double lr, IReadOnlyList<double> factors)
    {
        var i = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr * factors[i++];
        }
    }

    private static List<(List<Parameter> Parameters, bool Decay, double Factor)> Groups(nn.Module model, TrainOptions options)
    {
        var backboneFactor = options.BackboneLearningRateFactor;
        var maskFactor = options.MaskLearningRateFactor;
        var splitBackbone = backboneFactor != 1;
        var splitMasks = maskFactor != 1;

        // Pairs of (decayed weights, undecayed biases and norms): the rest, the backbone, the outline branches.
        var groups = new (List<Parameter> Parameters, bool Decay, double Factor)[]
        {
            ([], true, 1),
            ([], false, 1),
            ([], true, backboneFactor),
            ([], false, backboneFactor),
            ([], true, maskFactor),
            ([], false, maskFactor),
        };
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!parameter.requires_grad)
            {
                continue;
            }

            var pair = splitBackbone && name.StartsWith(BackbonePrefix, StringComparison.Ordinal) ? 1
                : splitMasks && MaskPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)) ? 2
                : 0;
            groups[(2 * pair) + (parameter.dim() > 1 ? 0 : 1)].Parameters.Add(parameter);
        }

        if (splitBackbone && groups[2].Parameters.Count + groups[3].Parameters.Count == 0)
        {
            throw new Core.FractureException($"a backbone learning-rate factor of {backboneFactor} needs a network with a separate backbone (the detector or segmenter); this one has none");
        }

        if (splitMasks && groups[4].Parameters.Count + groups[5].Parameters.Count == 0)
        {
            throw new Core.FractureException($"a mask learning-rate factor of {maskFactor} needs a network with outline branches (the segmenter); this one has none");
        }

        // Empty groups are left out: without a split the optimiser has the two groups it always had, so older checkpoints resume.
        return [.. groups.Where(g => g.Parameters.Count > 0)];
    }
}
