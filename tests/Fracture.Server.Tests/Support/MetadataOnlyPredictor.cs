using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Server.Tests.Support;

/// <summary>A model that is only its metadata, for code that reads metadata and never predicts.</summary>
internal sealed class MetadataOnlyPredictor(ModelTask task, IReadOnlyList<string> names, double? threshold, int? negativeClass = null) : IPredictor
{
    public ModelMetadata Metadata { get; } = new()
    {
        Task = task,
        Names = names,
        InputHeight = 32,
        InputWidth = 32,
        Threshold = threshold,
        NegativeClass = negativeClass,
        Version = "9.9.9",
    };

    public ImagePrediction Predict(DecodedImage image, PredictSettings? settings = null, CancellationToken cancellation = default) => throw new NotSupportedException("metadata only");

    public IReadOnlyList<ImagePrediction> PredictBatch(IReadOnlyList<DecodedImage> images, PredictSettings? settings = null, CancellationToken cancellation = default) => throw new NotSupportedException("metadata only");

    public void Dispose()
    {
    }
}
