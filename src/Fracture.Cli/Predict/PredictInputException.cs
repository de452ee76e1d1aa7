using Fracture.Core;

namespace Fracture.Cli.Predict;

/// <summary>`fracture predict` was given something it cannot use: a source that matches no image, a bad option value.</summary>
public sealed class PredictInputException : FractureException
{
    public PredictInputException()
    {
    }

    public PredictInputException(string message)
        : base(message)
    {
    }

    public PredictInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
