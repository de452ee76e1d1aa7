using Fracture.Core.Models;
using Fracture.Inference;

namespace Fracture.Server.Models;

/// <summary>One model the server serves: its id (the file name without .onnx), the shared predictor and the file's identity.</summary>
/// <param name="Id">File stem, e.g. "fracture-detector".</param>
/// <param name="Predictor">Shared by every request (ONNX Runtime sessions are thread-safe; no locks).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file, so a result names exactly the weights that made it.</param>
/// <param name="FileBytes">Size of the file.</param>
public sealed record LoadedModel(string Id, IPredictor Predictor, string Sha256, long FileBytes)
{
    public ModelMetadata Metadata => Predictor.Metadata;

    public ModelTask Task => Predictor.Metadata.Task;
}
