using Fracture.Training.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Engine;

/// <summary>The weights' moving average: its ramped decay against hand-worked values, and a resumed average going on where it stopped.</summary>
public sealed class ModelEmaTests
{
    [Fact]
    public void The_decay_ramps_as_decay_times_one_minus_exp_of_minus_steps_over_tau()
    {
        using var model = Scalar(0);
        using var ema = new ModelEma(model, Scalar(0), decay: 0.5, tau: 1);

        // Step 1: d = 0.5 (1 - e^-1) = 0.316060; average = d * 0 + (1 - d) * 1 = 0.683940.
        Set(model, 1);
        ema.Update(model);
        Assert.Equal(0.683940, Value(ema.Model), 5);

        // Step 2: d = 0.5 (1 - e^-2) = 0.432332; average = d * 0.683940 + (1 - d) * 3 = 1.998692.
        Set(model, 3);
        ema.Update(model);
        Assert.Equal(1.998692, Value(ema.Model), 5);
        Assert.Equal(2, ema.Updates);
    }

    [Fact]
    public void An_average_resumed_after_some_steps_goes_on_as_one_that_never_stopped()
    {
        double[] weights = [1, 4, -2, 7, 5, 3];
        using var model = Scalar(0);
        using var whole = new ModelEma(model, Scalar(0), decay: 0.99, tau: 2);
        for (var i = 0; i < 3; i++)
        {
            Set(model, weights[i]);
            whole.Update(model);
        }

        // As the trainer resumes: a new average from the checkpoint's average weights and its step count.
        using var saved = Scalar(Value(whole.Model));
        using var resumed = new ModelEma(saved, Scalar(0), decay: 0.99, tau: 2, updates: whole.Updates);
        using var restarted = new ModelEma(saved, Scalar(0), decay: 0.99, tau: 2);
        for (var i = 3; i < weights.Length; i++)
        {
            Set(model, weights[i]);
            whole.Update(model);
            resumed.Update(model);
            restarted.Update(model);
        }

        Assert.Equal(Value(whole.Model), Value(resumed.Model));

        // Restarting the ramp at 0 (what resumed runs did before) forgets the history: a visibly different average.
        Assert.True(Math.Abs(Value(whole.Model) - Value(restarted.Model)) > 0.1);
    }

    private static Linear Scalar(double value)
    {
        var module = nn.Linear(1, 1, hasBias: false);
        Set(module, value);
        return module;
    }

    private static void Set(Linear module, double value)
    {
        using (no_grad())
        {
            module.weight!.fill_(value);
        }
    }

    private static double Value(nn.Module module) => ((Linear)module).weight!.item<float>();
}
