namespace Fracture.Core.Models;

/// <summary>
/// A model file that cannot be used: missing, truncated, not ONNX, metadata that does not say what it is, or inputs
/// and outputs of another shape than its task needs. The message starts with the file's path.
/// </summary>
public sealed class ModelFormatException : FractureException
{
    public ModelFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
    }

    public ModelFormatException(string path, string problem, Exception innerException)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The file the problem is in.</summary>
    public string Path { get; }
}
