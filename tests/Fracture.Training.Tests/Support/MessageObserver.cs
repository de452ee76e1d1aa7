using Fracture.Training.Engine;

namespace Fracture.Training.Tests.Support;

/// <summary>Collects what a training tells its front end in messages (skipped images, repairs); ignores progress.</summary>
internal sealed class MessageObserver(List<string> messages) : ITrainingObserver
{
    public void OnMessage(string message) => messages.Add(message);

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
