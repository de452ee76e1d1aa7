using Fracture.Training.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Engine;

/// <summary>
/// The bfloat16 copy: convolutions and linear layers in bfloat16, BatchNorm in float32; its gradients and BatchNorm
/// statistics become the float32 master's, within bfloat16 rounding of float32 gradients, and the master's new weights
/// come across.
/// </summary>
public sealed class BFloat16ComputeTests
{
    [Fact]
    public void The_copy_computes_in_bfloat16_and_the_master_stays_float32()
    {
        using var master = NewNetwork();
        using var mixed = new BFloat16Compute(master, NewNetwork());

        var dtypes = mixed.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.dtype);
        Assert.Equal(ScalarType.Float32, dtypes["1.weight"]);
        Assert.Equal(ScalarType.BFloat16, dtypes["4.weight"]);
        Assert.All(master.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));

        // The copy starts from the master's weights (rounded to bfloat16), not from its own initialisation.
        var masterConv = master.named_parameters().First(p => p.name == "0.weight").parameter;
        var copyConv = mixed.Model.named_parameters().First(p => p.name == "0.weight").parameter;
        Assert.True(masterConv.to(copyConv.dtype).equal(copyConv).all().item<bool>());
    }

    [Fact]
    public void The_copys_gradients_and_statistics_become_the_masters()
    {
        using var master = NewNetwork();
        using var mixed = new BFloat16Compute(master, NewNetwork());
        using var generator = new Generator(9);
        using var input = randn([8, 3, 16, 16], generator: generator);

        mixed.Model.train();
        mixed.Model.call(input).to(ScalarType.Float32).square().mean().backward();
        var gradients = mixed.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(ScalarType.Float32));
        var statistics = mixed.Model.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());
        mixed.PushGradients();

        foreach (var (name, parameter) in master.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, parameter.grad!.dtype);
            Assert.True(parameter.grad.equal(gradients[name]).all().item<bool>(), name);
        }

        Assert.True(statistics["1.running_mean"].abs().sum().item<float>() > 0, "the forward pass moved the running mean");
        foreach (var (name, buffer) in master.named_buffers())
        {
            Assert.True(buffer.equal(statistics[name]).all().item<bool>(), name);
        }

        Assert.All(mixed.Model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0, "the copy's gradients are cleared"));
    }

    [Fact]
    public void Gradients_are_within_bfloat16_rounding_of_float32_ones()
    {
        // No BatchNorm here: its backward subtracts near-equal sums, so before it a bfloat16 gradient differs from the
        // float32 one by more than rounding, whatever the implementation (PyTorch's autocast alike).
        using var master = WithoutNormalisation();
        using var reference = WithoutNormalisation();
        reference.load_state_dict(master.state_dict());
        using var mixed = new BFloat16Compute(master, WithoutNormalisation());
        using var generator = new Generator(9);
        using var input = randn([8, 3, 16, 16], generator: generator);

        reference.call(input).square().mean().backward();
        mixed.Model.call(input).to(ScalarType.Float32).square().mean().backward();
        mixed.PushGradients();

        var expected = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, parameter) in master.named_parameters())
        {
            var error = (parameter.grad! - expected[name]).norm().item<float>() / expected[name].norm().item<float>();
            Assert.True(error < 0.05, $"{name}: relative gradient error {error:0.0000}");
        }
    }

    [Fact]
    public void Whatever_its_kernels_do_the_copy_computes_what_the_master_does_to_bfloat16_rounding()
    {
        // A 3x3 convolution with 4 output channels: libtorch's bfloat16 kernel got it wrong on one host of this project
        // (mean error near half the output), where the probe keeps it float32; on others it is converted and right.
        using var master = NewNetwork(channels: 4);
        using var mixed = new BFloat16Compute(master, NewNetwork(channels: 4));
        using var generator = new Generator(3);
        using var input = randn([8, 3, 16, 16], generator: generator);
        master.eval();
        mixed.Model.eval();

        using var expected = master.call(input);
        using var actual = mixed.Model.call(input).to(ScalarType.Float32);

        Assert.True(mixed.BFloat16Layers >= 1, "the linear layer computes in bfloat16");
        var error = (actual - expected).norm().item<float>() / expected.norm().item<float>();
        Assert.True(error < 0.02, $"relative output error {error:0.0000} with {mixed.BFloat16Layers} bfloat16 layers");
    }

    [Fact]
    public void The_masters_new_weights_reach_the_copy()
    {
        using var master = NewNetwork();
        using var mixed = new BFloat16Compute(master, NewNetwork());
        using (no_grad())
        {
            foreach (var parameter in master.parameters())
            {
                parameter.fill_(0.25); // exact in bfloat16
            }
        }

        mixed.PullWeights();

        Assert.All(mixed.Model.parameters(), p => Assert.True(p.to(ScalarType.Float32).eq(0.25f).all().item<bool>()));
    }

    private static Sequential WithoutNormalisation() =>
        nn.Sequential(nn.Conv2d(3, 16, 3, padding: 1), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 16 * 16, 2));

    // Conv, BatchNorm, ReLU, Linear: every kind of layer the copy treats differently.
    private static Sequential NewNetwork(int channels = 16) =>
        nn.Sequential(
            nn.Conv2d(3, channels, 3, padding: 1),
            nn.BatchNorm2d(channels),
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(channels * 16 * 16, 2));
}
