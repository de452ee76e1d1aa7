namespace Fracture.Core.Datasets;

/// <summary>A dataset that cannot be read as asked: missing data.yaml, bad keys, missing split folder, bad profile.</summary>
public sealed class DatasetException : FractureException
{
    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
