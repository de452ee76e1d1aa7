namespace Fracture.Core;

/// <summary>
/// Base of every error Fracture reports to a user on purpose (bad input, bad file, bad option).
/// Front ends print its message as one line; anything else is a bug and keeps its stack trace.
/// </summary>
public class FractureException : Exception
{
    public FractureException()
    {
    }

    public FractureException(string message)
        : base(message)
    {
    }

    public FractureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
