namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// One way of running a model that <see cref="InferenceBenchmark"/> times: the network alone on an input prepared
/// beforehand, and the whole path from encoded image bytes to final answers. Each engine holds the inputs it was
/// prepared with for the two batch sizes measured.
/// </summary>
internal interface IInferenceEngine : IDisposable
{
    /// <summary>"onnxruntime" or "torchsharp", as the JSON names it.</summary>
    string Name { get; }

    /// <summary>Runs the network on its prepared input of <paramref name="batch"/> images; returns the output read back.</summary>
    float[] RunModel(int batch);

    /// <summary>Decodes, preprocesses, runs and decodes the answers of <paramref name="encoded"/> images; returns the answers: one per image from a classifier, one per kept box from a detector.</summary>
    int RunEndToEnd(IReadOnlyList<byte[]> encoded);
}
