using Fracture.Core.Imaging;
using Fracture.Core.Models;

namespace Fracture.Inference;

/// <summary>
/// Opens ONNX models (Fracture's own exports and Ultralytics YOLOv8/YOLO11 detect, segment and classify exports) and
/// is the base of the three task predictors: it holds the session and does the preprocessing every task shares.
/// </summary>
public abstract class Predictor : IPredictor
{
    private protected Predictor(ModelMetadata metadata)
    {
        Metadata = metadata;
    }

    /// <inheritdoc />
    public ModelMetadata Metadata { get; }

    /// <summary>
    /// Loads a model file and returns the predictor for its task (from its metadata). The file's input must be one
    /// float32 tensor [N, 3, H, W] and its outputs those of its task: detect [N, 4 + C, A]; segment [N, 4 + C + M, A]
    /// and prototypes [N, M, h, w]; classify [N, C]; C being the number of class names in the metadata.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is missing, not ONNX, lacks the metadata, or has other shapes.</exception>
    public static IPredictor Open(string path, PredictorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        throw new NotImplementedException();
    }

    /// <inheritdoc />
    public ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictBatch([image], settings)[0];
    }

    /// <inheritdoc />
    public IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        throw new NotImplementedException();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
