using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Cli.Tests.Support;

/// <summary>
/// A predictor that answers from a function of the decoded image (tests give images distinct sizes to tell them
/// apart) and records how it was called. Stands in for ONNX Runtime in the command's tests.
/// </summary>
internal sealed class FakePredictor(ModelMetadata metadata, Func<DecodedImage, ImagePrediction> answer) : IPredictor
{
    public ModelMetadata Metadata { get; } = metadata;

    /// <summary>Images per call, in call order (Predict counts as 1).</summary>
    public List<int> Calls { get; } = [];

    public List<PredictSettings?> Settings { get; } = [];

    public bool Disposed { get; private set; }

    public static ModelMetadata Detector(params string[] names) =>
        new() { Task = ModelTask.Detect, Names = names, InputHeight = 64, InputWidth = 64 };

    public ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null, CancellationToken cancellation = default)
    {
        Calls.Add(1);
        Settings.Add(settings);
        return answer(image);
    }

    public IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null, CancellationToken cancellation = default)
    {
        Calls.Add(images.Count);
        Settings.Add(settings);
        return [.. images.Select(answer)];
    }

    public void Dispose() => Disposed = true;
}
