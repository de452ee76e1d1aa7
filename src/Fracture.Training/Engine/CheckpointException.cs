namespace Fracture.Training.Engine;

/// <summary>A checkpoint that cannot be used: missing, truncated, corrupt, or from another kind of run.</summary>
public sealed class CheckpointException : Core.FractureException
{
    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
