using Fracture.Core;

namespace Fracture.Server.Benchmarks;

/// <summary>A load benchmark cannot run as asked (a bad setting, or an image the server would refuse); the message says why.</summary>
public sealed class LoadBenchmarkException : FractureException
{
    public LoadBenchmarkException()
    {
    }

    public LoadBenchmarkException(string message)
        : base(message)
    {
    }

    public LoadBenchmarkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
