using Fracture.Core.Imaging;
using Fracture.Core.Models;

namespace Fracture.Inference;

/// <summary>
/// A loaded model that predicts on images. One instance serves any number of concurrent callers (no locks: ONNX
/// Runtime's Run is thread-safe and every call has its own buffers). Get one from <see cref="Predictor.Open"/>.
/// </summary>
public interface IPredictor : IDisposable
{
    /// <summary>What the model file says it is: task, class names, input size, threshold.</summary>
    ModelMetadata Metadata { get; }

    /// <summary>
    /// Predicts on one decoded image; coordinates in the result are pixels of the image's file. Cancelling
    /// <paramref name="cancellation"/> stops a model run in progress at its next operator (ONNX Runtime's terminate flag).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the result was ready.</exception>
    ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null, CancellationToken cancellation = default);

    /// <summary>
    /// Predicts on several images, as many per ONNX Runtime call as the model's batch dimension allows; the results
    /// are those <see cref="Predict"/> gives for each image, in the same order.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the results were ready.</exception>
    IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null, CancellationToken cancellation = default);
}
