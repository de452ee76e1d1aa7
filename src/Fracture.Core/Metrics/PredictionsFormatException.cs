namespace Fracture.Core.Metrics;

/// <summary>A predictions file is not in the expected shape; the message names the entry and the problem.</summary>
public class PredictionsFormatException : FractureException
{
    public PredictionsFormatException()
    {
    }

    public PredictionsFormatException(string message)
        : base(message)
    {
    }

    public PredictionsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
