using Fracture.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Support;

/// <summary>
/// The overfit tests' loop: AdamW (lr 1e-3, no decay) on a task's one-batch epochs, one step per epoch; in bfloat16
/// through <see cref="BFloat16Compute"/> as the trainer does it.
/// </summary>
internal static class OverfitTraining
{
    /// <returns>The loss of every step.</returns>
    /// <remarks>
    /// Every step sees the same images, so BatchNorm's running statistics settle on that batch's (a hundred-odd
    /// steps); eval mode then scores what training learnt.
    /// </remarks>
    public static List<double> Run<TBatch>(ITrainingTask<TBatch> task, nn.Module<Tensor, Tensor> model, int steps, TrainingPrecision precision = TrainingPrecision.Float32)
        where TBatch : IDisposable
    {
        using var optimizer = optim.AdamW(model.parameters(), lr: 0.001, weight_decay: 0);
        using var mixed = precision == TrainingPrecision.BFloat16 ? new BFloat16Compute(model, task.CreateModel(initialWeights: false)) : null;
        var stepped = mixed?.Model ?? model;
        var parts = new Dictionary<string, double>(StringComparer.Ordinal);
        var losses = new List<double>();
        for (var step = 0; step < steps; step++)
        {
            stepped.train();
            foreach (var batch in task.TrainBatches(step, CancellationToken.None))
            {
                using (batch)
                using (NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var loss = task.Loss(stepped, batch, parts);
                    loss.backward();
                    mixed?.PushGradients();
                    optimizer.step();
                    mixed?.PullWeights();
                    losses.Add(loss.item<float>());
                }
            }
        }

        return losses;
    }
}
