using Fracture.Core;

namespace Fracture.Server.Errors;

/// <summary>
/// A request the server refuses on purpose; becomes a ProblemDetails response with <see cref="StatusCode"/>,
/// <see cref="Title"/> and the message as detail (one line, no stack trace).
/// </summary>
public sealed class RequestProblemException : FractureException
{
    public RequestProblemException()
        : this(StatusCodes.Status400BadRequest, "Bad request", "the request is not valid")
    {
    }

    public RequestProblemException(string message)
        : this(StatusCodes.Status400BadRequest, "Bad request", message)
    {
    }

    public RequestProblemException(string message, Exception innerException)
        : this(StatusCodes.Status400BadRequest, "Bad request", message, innerException)
    {
    }

    public RequestProblemException(int statusCode, string title, string detail, Exception? innerException = null)
        : base(detail, innerException!)
    {
        StatusCode = statusCode;
        Title = title;
    }

    public int StatusCode { get; }

    public string Title { get; }
}
