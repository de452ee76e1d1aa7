using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Server.Tests.Support;

/// <summary>A model that fails on every image, with a message a client must never see.</summary>
internal sealed class FailingPredictor(ModelMetadata metadata) : IPredictor
{
    public const string Secret = "/secret/internal/path.onnx";

    public ModelMetadata Metadata => metadata;

    public ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null, CancellationToken cancellation = default) =>
        throw new InvalidOperationException($"ONNX Runtime failed in {Secret}");

    public IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null, CancellationToken cancellation = default) =>
        throw new InvalidOperationException($"ONNX Runtime failed in {Secret}");

    public void Dispose()
    {
    }
}
