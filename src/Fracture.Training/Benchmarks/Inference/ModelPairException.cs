namespace Fracture.Training.Benchmarks.Inference;

/// <summary>A model file and a checkpoint that are not the same network, so timing one against the other means nothing.</summary>
public sealed class ModelPairException : Core.FractureException
{
    public ModelPairException(string message)
        : base(message)
    {
    }

    public ModelPairException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
