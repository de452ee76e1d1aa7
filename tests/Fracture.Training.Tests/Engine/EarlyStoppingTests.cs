using Fracture.Training.Engine;

namespace Fracture.Training.Tests.Engine;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void Stops_patience_epochs_after_the_best()
    {
        var stopping = new EarlyStopping(Patience: 2);
        bool best;
        (stopping, best) = stopping.Observe(1, 0.5);
        Assert.True(best);
        (stopping, best) = stopping.Observe(2, 0.7);
        Assert.True(best);
        (stopping, best) = stopping.Observe(3, 0.7); // a tie is not an improvement
        Assert.False(best);
        Assert.False(stopping.ShouldStop(3));
        (stopping, _) = stopping.Observe(4, 0.6);
        Assert.True(stopping.ShouldStop(4));
        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(0.7, stopping.BestFitness);
    }

    [Fact]
    public void Zero_patience_never_stops_and_nan_is_ignored()
    {
        var stopping = new EarlyStopping(0).Observe(1, 1).State.Observe(2, double.NaN).State;
        Assert.Equal(1, stopping.BestEpoch);
        Assert.False(stopping.ShouldStop(100));
    }
}
