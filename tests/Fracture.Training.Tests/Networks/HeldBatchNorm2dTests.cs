using Fracture.Training.Engine;
using Fracture.Training.Tests.Support;
using Fracture.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Networks;

/// <summary>
/// <see cref="HeldBatchNorm2d"/> computes what TorchSharp's BatchNorm2d computes, in training and eval mode, with the
/// same state_dict, so checkpoints written with either load into the other.
/// </summary>
public sealed class HeldBatchNorm2dTests
{
    [Fact]
    public void Training_and_eval_match_TorchSharps_BatchNorm2d_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        using var theirs = nn.BatchNorm2d(3, eps: 1e-3, momentum: 0.1);
        using var ours = new HeldBatchNorm2d(3, eps: 1e-3, momentum: 0.1);
        var generator = new Generator(5);
        using (no_grad())
        {
            theirs.weight!.uniform_(0.5, 1.5, generator: generator);
            theirs.bias!.uniform_(-0.5, 0.5, generator: generator);
        }

        ours.load_state_dict(theirs.state_dict());
        for (var step = 0; step < 3; step++)
        {
            var batch = randn([4, 3, 5, 6], generator: generator);
            Assert.True(Same(theirs.call(batch), ours.call(batch)), $"training output, step {step}");
        }

        Assert.Equal(3L, ours.num_batches_tracked!.item<long>());
        foreach (var (name, tensor) in theirs.state_dict())
        {
            Assert.True(Same(tensor, ours.state_dict()[name]), name);
        }

        theirs.eval();
        ours.eval();
        var input = randn([2, 3, 5, 6], generator: generator);
        Assert.True(Same(theirs.call(input), ours.call(input)), "eval output");
        Assert.Equal(3L, ours.num_batches_tracked!.item<long>());
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    [Fact]
    public void Keeps_TorchSharps_state_dict_keys_and_rejects_other_ranks()
    {
        using var theirs = nn.BatchNorm2d(2);
        using var ours = new HeldBatchNorm2d(2, eps: 1e-5, momentum: 0.1);

        Assert.Equal(theirs.state_dict().Keys.Order(StringComparer.Ordinal), ours.state_dict().Keys.Order(StringComparer.Ordinal));
        using var flat = zeros(2, 2);
        Assert.Throws<ArgumentException>(() => ours.call(flat));
    }

    [Fact]
    public void Counting_survives_a_thread_that_collects_all_the_while()
    {
        using var counter = zeros([], dtype: ScalarType.Int64);
        var iterations = 0L;
        using (new CollectingThread())
        {
            // Bounded in time as HeldAlphaTests' loop, and for the same reason.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (iterations < 400_000 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                counter.Increment();
                iterations++;
            }
        }

        Assert.Equal(iterations, counter.item<long>());
    }
}
