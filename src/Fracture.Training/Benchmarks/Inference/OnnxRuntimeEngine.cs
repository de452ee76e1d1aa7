using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// The ONNX Runtime predictor as the CLI and server use it: end to end through <see cref="IPredictor.PredictBatch"/>,
/// model only through the same session (<see cref="Predictor.RunPrepared"/>).
/// </summary>
internal sealed class OnnxRuntimeEngine : IInferenceEngine
{
    private readonly Predictor _predictor;
    private readonly Dictionary<int, float[]> _inputs = [];

    private OnnxRuntimeEngine(Predictor predictor) => _predictor = predictor;

    public string Name => "onnxruntime";

    public ModelMetadata Metadata => _predictor.Metadata;

    /// <summary>The batch size the file fixes, or null when it takes any.</summary>
    public int? FixedBatch => _predictor.FixedBatch;

    /// <exception cref="ModelFormatException">Not a model file the predictors read.</exception>
    public static OnnxRuntimeEngine Open(string path, int threads) =>
        new((Predictor)Predictor.Open(path, new PredictorOptions(IntraOpThreads: threads, InterOpThreads: 1)));

    /// <summary>Builds the model-only inputs: the first image alone, and the first <paramref name="batch"/> images.</summary>
    public void Prepare(IReadOnlyList<DecodedImage> sample, int batch)
    {
        _inputs[1] = _predictor.PrepareInput([sample[0]]);
        _inputs[batch] = _predictor.PrepareInput([.. sample.Take(batch)]);
    }

    public float[] RunModel(int batch) => _predictor.RunPrepared(_inputs[batch], batch);

    public int RunEndToEnd(IReadOnlyList<byte[]> encoded)
    {
        var images = new DecodedImage[encoded.Count];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = ImageDecoder.Decode(encoded[i], InferenceBenchmark.Decoding);
        }

        var predictions = _predictor.PredictBatch(images);
        return Metadata.Task == ModelTask.Classify ? predictions.Count : predictions.Sum(p => p.Findings.Count);
    }

    public void Dispose() => _predictor.Dispose();
}
