using Fracture.Core;

namespace Fracture.Server;

/// <summary>The server cannot start: a folder or model it needs is missing or unreadable. The message says which and how to fix it.</summary>
public sealed class ServerStartupException : FractureException
{
    public ServerStartupException()
    {
    }

    public ServerStartupException(string message)
        : base(message)
    {
    }

    public ServerStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
