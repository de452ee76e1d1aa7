using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Classify;

/// <summary>A batch of normalised images [N,3,S,S] and their class indices [N].</summary>
public sealed class ClassifyBatch(Tensor images, Tensor labels) : IDisposable
{
    public Tensor Images { get; } = images;

    public Tensor Labels { get; } = labels;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
