using Fracture.Training.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Engine;

/// <summary>
/// The one optimiser step of the trainer and the benchmarks: the same as writing zero_grad, loss, backward, clip and
/// step by hand; through a bfloat16 copy the master learns and the copy gets its new weights; a loss that is not
/// finite stops before any weight changes.
/// </summary>
public sealed class TrainingStepTests
{
    [Fact]
    public void A_step_is_zero_grad_loss_backward_clip_and_the_optimisers_step()
    {
        using var network = NewNetwork(seed: 1);
        using var reference = NewNetwork(seed: 1);
        using var optimizer = optim.SGD(network.parameters(), 0.1);
        using var referenceOptimizer = optim.SGD(reference.parameters(), 0.1);
        using var input = Input();
        var step = new TrainingStep(network, null, optimizer, clipGradientNorm: 0.05);

        for (var k = 0; k < 3; k++)
        {
            var value = step.Take(n => Loss(n, input));

            referenceOptimizer.zero_grad();
            var expected = Loss(reference, input);
            expected.backward();
            nn.utils.clip_grad_norm_(reference.parameters(), 0.05);
            referenceOptimizer.step();
            Assert.Equal(expected.item<float>(), value);
        }

        Assert.Same(network, step.Computing);
        var norm = Math.Sqrt(network.parameters().Sum(p => Math.Pow(p.grad!.norm().item<float>(), 2)));
        Assert.True(norm <= 0.05 * 1.0001, $"clipped gradient norm {norm}");
        foreach (var ((name, actual), (_, wanted)) in network.named_parameters().Zip(reference.named_parameters()))
        {
            Assert.True(actual.equal(wanted).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Through_a_bfloat16_copy_the_master_learns_and_the_copy_follows()
    {
        using var master = NewNetwork(seed: 2);
        using var mixed = new BFloat16Compute(master, NewNetwork(seed: 3));
        using var optimizer = optim.SGD(master.parameters(), 0.1);
        using var input = Input();
        var before = master.parameters().Select(p => p.detach().clone()).ToArray();
        var step = new TrainingStep(master, mixed, optimizer, clipGradientNorm: 0);

        Assert.Same(mixed.Model, step.Computing);
        step.Take(n => Loss(n, input));

        var masters = master.parameters().ToArray();
        Assert.All(masters, p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Contains(masters.Zip(before), pair => !pair.First.equal(pair.Second).all().item<bool>());
        foreach (var (m, copy) in masters.Zip(mixed.Model.parameters()))
        {
            Assert.True(m.to(copy.dtype).equal(copy).all().item<bool>(), "the copy holds the master's new weights");
        }
    }

    [Fact]
    public void A_loss_that_is_not_finite_throws_before_the_weights_change()
    {
        using var network = NewNetwork(seed: 4);
        using var optimizer = optim.SGD(network.parameters(), 0.1);
        using var input = Input();
        var before = network.parameters().Select(p => p.detach().clone()).ToArray();
        var step = new TrainingStep(network, null, optimizer, clipGradientNorm: 10);

        var error = Assert.Throws<InvalidOperationException>(() =>
            step.Take(n => Loss(n, input).neg().sqrt(), value => new InvalidOperationException($"loss {value}")));

        Assert.Equal("loss NaN", error.Message);
        Assert.All(network.parameters().Zip(before), pair => Assert.True(pair.First.equal(pair.Second).all().item<bool>()));
    }

    private static Sequential NewNetwork(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 2));
    }

    private static Tensor Input()
    {
        using var generator = new Generator(7);
        return randn([8, 6], generator: generator);
    }

    private static Tensor Loss(nn.Module<Tensor, Tensor> network, Tensor input) =>
        network.call(input).to(ScalarType.Float32).square().mean();
}
