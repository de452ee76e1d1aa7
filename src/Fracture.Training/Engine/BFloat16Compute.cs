using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// Mixed-precision training on the CPU: a copy of the network whose convolutions and linear layers hold bfloat16
/// weights runs the forward and backward passes, while the float32 network (the master) keeps the weights the
/// optimiser, the EMA and the checkpoints see. On this machine's AVX-512 BF16 cores a detector step's forward and
/// backward take about half as long (docs/training.md).
/// </summary>
/// <remarks>
/// Why a copy and not the network itself: AdamW's small updates vanish in bfloat16's 8-bit mantissa, so the weights
/// must stay float32. BatchNorm stays float32 in the copy (libtorch normalises bfloat16 input with float32 weights and
/// statistics), so its running statistics keep their precision; each step hands them back to the master. The task's
/// loss casts the network's outputs to float32, and each layer casts its input to its weights' type, so the stem
/// takes the task's float32 images unchanged. A layer whose bfloat16 kernel disagrees with its float32 one on a probe
/// stays float32 (<see cref="BFloat16Layers"/>).
/// </remarks>
public sealed class BFloat16Compute : IDisposable
{
    private readonly (Parameter Master, Parameter Compute)[] _parameters;
    private readonly (Tensor Master, Tensor Compute)[] _buffers;

    /// <param name="master">The float32 network the optimiser updates.</param>
    /// <param name="compute">A second instance of the same architecture; it becomes the bfloat16 copy and is owned here.</param>
    public BFloat16Compute(nn.Module<Tensor, Tensor> master, nn.Module<Tensor, Tensor> compute)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(compute);
        Model = compute;
        foreach (var (_, module) in compute.named_modules())
        {
            if (module is not (Conv2d or Linear))
            {
                continue;
            }

            var layer = (nn.Module<Tensor, Tensor>)module;
            var type = AgreesInBFloat16(layer) ? ScalarType.BFloat16 : ScalarType.Float32;
            layer.to(type);

            // Each layer takes its input in its own weights' type, so float32 and bfloat16 layers can follow each other.
            layer.register_forward_pre_hook((_, input) => input.dtype == type ? input : input.to(type));
        }

        var masterParameters = master.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        _parameters = [.. compute.named_parameters().Select(p => (masterParameters[p.name], p.parameter))];
        var masterBuffers = master.named_buffers().ToDictionary(b => b.name, b => b.buffer, StringComparer.Ordinal);
        _buffers = [.. compute.named_buffers().Select(b => (masterBuffers[b.name], b.buffer))];
        PullWeights();
    }

    /// <summary>
    /// The bfloat16 copy of <paramref name="master"/> when <paramref name="precision"/> asks for one (the copy made by
    /// <paramref name="createCopy"/>, a second instance of the same architecture); null for float32, where the master
    /// computes itself.
    /// </summary>
    public static BFloat16Compute? For(TrainingPrecision precision, nn.Module<Tensor, Tensor> master, Func<nn.Module<Tensor, Tensor>> createCopy)
    {
        ArgumentNullException.ThrowIfNull(createCopy);
        return precision == TrainingPrecision.BFloat16 ? new BFloat16Compute(master, createCopy()) : null;
    }

    /// <summary>The bfloat16 copy: give it to the task's loss in place of the master.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Copies the master's weights and statistics into the copy (after each optimiser step, and at the start).</summary>
    public void PullWeights()
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (master, compute) in _parameters)
            {
                compute.copy_(master);
            }

            foreach (var (master, compute) in _buffers)
            {
                compute.copy_(master);
            }
        }
    }

    /// <summary>
    /// After the backward pass: the copy's gradients become the master's (float32), and the copy's normalisation
    /// statistics, updated by the forward pass, go back to the master. Clears the copy's gradients.
    /// </summary>
    public void PushGradients()
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (master, compute) in _parameters)
            {
                var gradient = compute.grad;
                master.grad = gradient?.to(ScalarType.Float32);
            }

            foreach (var (master, compute) in _buffers)
            {
                master.copy_(compute);
            }
        }

        Model.zero_grad();
    }

    public void Dispose() => Model.Dispose();

    /// <summary>Layers in bfloat16 here; the others stayed float32 because their bfloat16 kernel disagreed.</summary>
    public int BFloat16Layers => Model.modules().Count(m => m is Conv2d or Linear && m.parameters().First().dtype == ScalarType.BFloat16);

    /// <summary>
    /// Whether the layer's bfloat16 forward and backward match its float32 ones on a random input, to bfloat16's
    /// rounding. On one host of this project libtorch 2.10 computed 3x3 convolutions with an output channel count
    /// that is not a multiple of 16 wrongly in bfloat16 (mean error 30-60 % of the output, NaN input gradients); on
    /// another, of the same reported CPU, every shape is right (docs/training.md). Asking each layer covers both.
    /// </summary>
    private static bool AgreesInBFloat16(nn.Module<Tensor, Tensor> layer)
    {
        using var scope = NewDisposeScope();
        var weight = layer.parameters().First();
        long[] shape = layer is Conv2d conv
            ? [2, weight.shape[1] * conv.groups, 12 + weight.shape[2], 12 + weight.shape[3]]
            : [4, weight.shape[1]];
        using var generator = new Generator(17);
        var input = randn(shape, generator: generator);
        var (output, inputGradient, weightGradient) = Probe(layer, input);
        layer.to(ScalarType.BFloat16);
        var (output16, inputGradient16, weightGradient16) = Probe(layer, input.to(ScalarType.BFloat16));
        layer.to(ScalarType.Float32);
        layer.zero_grad();
        return Close(output16, output) && Close(inputGradient16, inputGradient) && Close(weightGradient16, weightGradient);
    }

    private static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) Probe(nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        layer.zero_grad();
        var leaf = input.detach().requires_grad_(true);
        var output = layer.call(leaf);
        using var generator = new Generator(19);
        output.to(ScalarType.Float32).mul(randn(output.shape, generator: generator)).sum().backward();
        return (output.detach().to(ScalarType.Float32), leaf.grad!.to(ScalarType.Float32), layer.parameters().First().grad!.to(ScalarType.Float32));
    }

    // Within 2 % in norm: bfloat16 keeps 8 bits of mantissa (0.4 % per value), and sums of many values average out.
    private static bool Close(Tensor actual, Tensor expected) =>
        actual.isfinite().all().item<bool>() && (actual - expected).norm().item<float>() <= 0.02f * expected.norm().item<float>();
}
