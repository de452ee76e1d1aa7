namespace Fracture.Training.Engine;

/// <summary>An observer that ignores everything (library callers and tests).</summary>
public sealed class NullTrainingObserver : ITrainingObserver
{
    public static NullTrainingObserver Instance { get; } = new();

    public void OnMessage(string message)
    {
    }

    public void OnEpochStart(int epoch, int epochs, int batches)
    {
    }

    public void OnBatch(BatchProgress progress)
    {
    }

    public void OnEpochEnd(EpochRecord record, bool isBest)
    {
    }
}
