using Fracture.Core.Models;
using Google.Protobuf;
using Onnx;

namespace Fracture.Training.Networks;

/// <summary>Reads an ONNX file whole, with the reason when it is missing, truncated or holds no graph.</summary>
internal static class OnnxModelFile
{
    /// <exception cref="ModelFormatException">Missing, unreadable, or without graph nodes.</exception>
    public static ModelProto Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "file not found");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, $"not a readable ONNX file (truncated or corrupt): {e.Message}", e);
        }

        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new ModelFormatException(path, "not an ONNX model: it holds no graph nodes");
        }

        return model;
    }
}
