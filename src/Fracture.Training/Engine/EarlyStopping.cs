namespace Fracture.Training.Engine;

/// <summary>Tracks the best fitness and says when it has not improved for <see cref="Patience"/> epochs.</summary>
public sealed record EarlyStopping(int Patience, double BestFitness = double.NegativeInfinity, int BestEpoch = -1)
{
    /// <summary>Records an epoch's fitness; returns the new state and whether this epoch is the best so far.</summary>
    public (EarlyStopping State, bool IsBest) Observe(int epoch, double fitness)
    {
        if (double.IsNaN(fitness))
        {
            return (this, false);
        }

        return fitness > BestFitness ? (this with { BestFitness = fitness, BestEpoch = epoch }, true) : (this, false);
    }

    /// <summary>True when <paramref name="epoch"/> is at least <see cref="Patience"/> epochs past the best one.</summary>
    public bool ShouldStop(int epoch) => Patience > 0 && BestEpoch >= 0 && epoch - BestEpoch >= Patience;
}
