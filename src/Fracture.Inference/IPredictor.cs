using Fracture.Core.Imaging;
using Fracture.Core.Models;

namespace Fracture.Inference;

/// <summary>PLACEHOLDER (replaced by branch infer): a loaded model that predicts on decoded images.</summary>
public interface IPredictor : IDisposable
{
    ModelMetadata Metadata { get; }

    ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null);

    IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null);
}
