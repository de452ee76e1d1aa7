namespace Fracture.Training.Engine;

/// <summary>What a front end (the CLI's progress bar, a test) hears from a running training.</summary>
public interface ITrainingObserver
{
    void OnMessage(string message);

    void OnEpochStart(int epoch, int epochs, int batches);

    void OnBatch(BatchProgress progress);

    void OnEpochEnd(EpochRecord record, bool isBest);
}
