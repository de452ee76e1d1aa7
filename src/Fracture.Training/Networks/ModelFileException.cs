using Fracture.Core;

namespace Fracture.Training.Networks;

/// <summary>
/// A model or weights file that cannot be used: missing, truncated, not the expected format, or a network whose
/// layout or tensor shapes differ from what the code builds. The message starts with the file's path.
/// </summary>
public sealed class ModelFileException : FractureException
{
    public ModelFileException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
    }

    public ModelFileException(string path, string problem, Exception innerException)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The file the problem is in.</summary>
    public string Path { get; }
}
