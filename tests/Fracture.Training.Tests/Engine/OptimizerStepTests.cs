using Fracture.Training.Engine;
using Fracture.Training.Tests.Support;
using Optimizers = Fracture.Training.Engine.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Engine;

/// <summary>
/// Fracture's optimisers (numbers held as Scalars through each call) step exactly as TorchSharp's own, bit for bit
/// and state included, so checkpoints move between them; and a step survives a thread that collects all the while.
/// </summary>
public sealed class OptimizerStepTests
{
    [Fact]
    public void AdamW_steps_exactly_as_TorchSharps_and_shares_its_state_format()
    {
        using var reference = NewModel();
        using var kept = Copy(reference);
        using var theirs = optim.AdamW(AdamGroups(reference), 0.01);
        using var ours = new Optimizers.AdamW(AdamGroups(kept), 0.01);

        StepBoth(reference, theirs, kept, ours, 0, 6);

        Assert.Equal(ModuleState.Save(theirs), ModuleState.Save(ours));
    }

    [Fact]
    public void AdamW_resumes_from_TorchSharps_state()
    {
        using var reference = NewModel();
        using var theirs = optim.AdamW(AdamGroups(reference), 0.01);
        for (var i = 0; i < 3; i++)
        {
            Step(reference, theirs, i);
        }

        using var kept = Copy(reference);
        using var ours = new Optimizers.AdamW(AdamGroups(kept), 0.01);
        ModuleState.Load(ours, ModuleState.Save(theirs));

        StepBoth(reference, theirs, kept, ours, 3, 6);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sgd_steps_exactly_as_TorchSharps(bool nesterov)
    {
        using var reference = NewModel();
        using var kept = Copy(reference);
        using var theirs = optim.SGD(SgdGroups(reference, nesterov), 0.05);
        using var ours = new Optimizers.SGD(SgdGroups(kept, nesterov), 0.05);

        StepBoth(reference, theirs, kept, ours, 0, 6);

        Assert.Equal(ModuleState.Save(theirs), ModuleState.Save(ours));
    }

    [Fact]
    public void Optimiser_and_average_steps_survive_a_collecting_thread_and_match_a_quiet_run()
    {
        // A race cannot be shown absent by a test; this one shows the steps stay exact and keep working while
        // collections run beside them (about 30,000 Scalar calls). The race itself: docs/training.md.
        using var quiet = NewModel();
        using var busy = Copy(quiet);
        Train(quiet, steps: 1500);

        using (new CollectingThread())
        {
            Train(busy, steps: 1500);
        }

        AssertSameParameters(quiet, busy);
    }

    private static void Train(Linear model, int steps)
    {
        using var optimizer = new Optimizers.AdamW(AdamGroups(model), 0.001);
        using var ema = new ModelEma(model, Copy(model), 0.9999, tau: 20);
        for (var i = 0; i < steps; i++)
        {
            Step(model, optimizer, i);
            ema.Update(model);
        }
    }

    private static Linear NewModel()
    {
        var model = nn.Linear(8, 4);
        using var generator = new Generator(11);
        using (no_grad())
        {
            model.weight!.copy_(randn([4, 8], generator: generator));
            model.bias!.copy_(randn([4], generator: generator));
        }

        return model;
    }

    private static Linear Copy(Linear source)
    {
        var copy = nn.Linear(8, 4);
        using (no_grad())
        {
            copy.weight!.copy_(source.weight!);
            copy.bias!.copy_(source.bias!);
        }

        return copy;
    }

    // Weights decay, biases do not: two groups, as the trainer makes them.
    private static AdamW.ParamGroup[] AdamGroups(Linear model) =>
    [
        new([model.weight!], new AdamW.Options { LearningRate = 0.01, weight_decay = 0.05, beta1 = 0.9, beta2 = 0.999 }),
        new([model.bias!], new AdamW.Options { LearningRate = 0.002, weight_decay = 0, beta1 = 0.9, beta2 = 0.999 }),
    ];

    private static SGD.ParamGroup[] SgdGroups(Linear model, bool nesterov) =>
    [
        new([model.weight!], new SGD.Options { LearningRate = 0.05, weight_decay = 0.01, momentum = 0.9, nesterov = nesterov }),
        new([model.bias!], new SGD.Options { LearningRate = 0.01, weight_decay = 0, momentum = 0.9, nesterov = nesterov }),
    ];

    private static void Step(Linear model, optim.Optimizer optimizer, int index)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(100 + index));
        var input = randn([16, 8], generator: generator);
        var target = randn([16, 4], generator: generator);
        optimizer.zero_grad();
        model.call(input).sub(target).Squared().mean().backward();
        optimizer.step();
    }

    /// <summary>Steps <paramref name="from"/> to <paramref name="to"/> on both, then asserts identical weights.</summary>
    private static void StepBoth(Linear reference, optim.Optimizer theirs, Linear kept, optim.Optimizer ours, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            Step(reference, theirs, i);
            Step(kept, ours, i);
        }

        AssertSameParameters(reference, kept);
    }

    private static void AssertSameParameters(Linear expected, Linear actual)
    {
        Assert.Equal(expected.weight!.data<float>().ToArray(), actual.weight!.data<float>().ToArray());
        Assert.Equal(expected.bias!.data<float>().ToArray(), actual.bias!.data<float>().ToArray());
    }
}
