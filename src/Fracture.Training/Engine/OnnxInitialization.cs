using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// A network just initialised from an ONNX export (<see cref="OnnxInitialWeights.Load"/>), whose folded BatchNorms
/// compute the file's output around their folded bias (<see cref="FoldedBatchNorm"/>). <see cref="Calibrate"/> gives
/// each of them the mean and variance of its input over some training images as running statistics, with the weight
/// and bias that keep eval mode exact: training mode, which normalises by the batch's own statistics, then computes
/// nearly the same instead of rescaling every channel to unit variance.
/// </summary>
public sealed class OnnxInitialization
{
    private readonly nn.Module _model;
    private readonly IReadOnlyList<FoldedBatchNorm> _folded;

    internal OnnxInitialization(nn.Module model, IReadOnlyList<FoldedBatchNorm> folded, string message)
    {
        _model = model;
        _folded = folded;
        Message = message;
    }

    /// <summary>The run log's line: which file, and how many of the network's tensors it set.</summary>
    public string Message { get; }

    /// <summary>How many BatchNorms came folded from the file (and so need <see cref="Calibrate"/>).</summary>
    public int FoldedBatchNorms => _folded.Count;

    /// <summary>
    /// Runs <paramref name="inputs"/> (network inputs, e.g. a few training batches) through the network in eval mode
    /// and sets each folded BatchNorm from the statistics of its input; leaves the network in training mode.
    /// </summary>
    /// <returns>The log line, with the number of images and BatchNorms calibrated.</returns>
    /// <exception cref="InvalidOperationException">No input, or a folded BatchNorm that the inputs never reached.</exception>
    public string Calibrate(IEnumerable<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var sums = _folded.Select(f => new ChannelMoments(f.Bias.Length)).ToArray();
        var removals = new List<Action>();
        var images = 0L;
        _model.eval();
        try
        {
            // Back to the exported model's eval output, whatever ran since loading (a training-mode forward moves the statistics).
            using (no_grad())
            {
                foreach (var folded in _folded)
                {
                    folded.Identity();
                }
            }

            for (var i = 0; i < _folded.Count; i++)
            {
                var moments = sums[i];
                var hook = _folded[i].Norm.register_forward_pre_hook((_, input) =>
                {
                    moments.Add(input);
                    return input;
                });
                removals.Add(hook.remove);
            }

            using (no_grad())
            {
                foreach (var input in inputs)
                {
                    using var scope = NewDisposeScope();
                    _ = ((nn.Module<Tensor, Tensor>)_model).call(input);
                    images += input.shape[0];
                }
            }
        }
        finally
        {
            foreach (var remove in removals)
            {
                remove();
            }

            _model.train();
        }

        if (images == 0)
        {
            throw new InvalidOperationException("calibrating the BatchNorms needs at least one training image");
        }

        using (no_grad())
        {
            for (var i = 0; i < _folded.Count; i++)
            {
                var (mean, variance) = sums[i].MeanAndVariance()
                    ?? throw new InvalidOperationException($"a folded BatchNorm of {_folded[i].Bias.Length} channels saw no input while calibrating");
                _folded[i].Calibrate(mean, variance);
            }
        }

        return $"{Message}; {_folded.Count} folded BatchNorms calibrated on {images} training images";
    }

    /// <summary>Per-channel sums of x and x^2 over batch and space, in double.</summary>
    private sealed class ChannelMoments(int channels)
    {
        private readonly double[] _sum = new double[channels];
        private readonly double[] _squares = new double[channels];
        private long _count;

        public void Add(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = input.detach().to_type(ScalarType.Float64).transpose(0, 1).reshape(input.shape[1], -1);
            var sum = x.sum(1).data<double>().ToArray();
            var squares = x.Squared().sum(1).data<double>().ToArray();
            for (var c = 0; c < _sum.Length; c++)
            {
                _sum[c] += sum[c];
                _squares[c] += squares[c];
            }

            _count += x.shape[1];
        }

        /// <summary>Mean and biased variance (as BatchNorm normalises a batch), or null before any input.</summary>
        public (double[] Mean, double[] Variance)? MeanAndVariance()
        {
            if (_count == 0)
            {
                return null;
            }

            var mean = _sum.Select(s => s / _count).ToArray();
            var variance = _squares.Select((s, c) => Math.Max(0, (s / _count) - (mean[c] * mean[c]))).ToArray();
            return (mean, variance);
        }
    }
}
