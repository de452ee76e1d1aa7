using System.Text.Json.Nodes;

namespace Fracture.Training.Engine;

/// <summary>
/// What a validation report scored: the model file and the runtime that ran it, so reports of a checkpoint and of the
/// ONNX file exported from it can be told apart (and compared). Written to `val --json` as <c>model</c> and <c>runtime</c>,
/// plus <c>epoch</c> for a checkpoint.
/// </summary>
/// <param name="Path">The checkpoint or ONNX file, as a full path.</param>
/// <param name="Runtime"><see cref="TorchSharp"/> or <see cref="OnnxRuntime"/>.</param>
/// <param name="Epoch">The training epoch a checkpoint holds; null for an ONNX file.</param>
public sealed record ModelSource(string Path, string Runtime, int? Epoch = null)
{
    public const string TorchSharp = "torchsharp";

    public const string OnnxRuntime = "onnxruntime";

    public static ModelSource Checkpoint(string path, int epoch) => new(System.IO.Path.GetFullPath(path), TorchSharp, epoch);

    public static ModelSource Onnx(string path) => new(System.IO.Path.GetFullPath(path), OnnxRuntime);

    /// <summary>Adds <c>model</c>, <c>runtime</c> and <c>epoch</c> to a report's JSON (nothing when <paramref name="source"/> is null).</summary>
    public static void AddTo(JsonObject json, ModelSource? source)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (source is not null)
        {
            json["model"] = source.Path;
            json["runtime"] = source.Runtime;
            if (source.Epoch is { } epoch)
            {
                json["epoch"] = epoch;
            }
        }
    }
}
