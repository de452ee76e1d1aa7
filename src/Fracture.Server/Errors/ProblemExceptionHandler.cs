using Fracture.Server.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Fracture.Server.Errors;

/// <summary>
/// Every exception as ProblemDetails, never with a stack trace: <see cref="RequestProblemException"/> with its own
/// status (a 429 with <c>Retry-After: 1</c>), Kestrel's bad requests (body too large: 413) with theirs, a full disk
/// anywhere as 507 (<see cref="StorageFull"/>), a stored prediction that cannot be read as 500 naming it (so the
/// caller knows to delete it), anything else as 500 (logged with its stack).
/// </summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            _ when StorageFull.Is(exception) => (StatusCodes.Status507InsufficientStorage, StorageFull.Title, StorageFull.Detail),
            RequestProblemException problem => (problem.StatusCode, problem.Title, problem.Message),
            DamagedPredictionException damaged => (StatusCodes.Status500InternalServerError, "Stored prediction unreadable",
                $"prediction {damaged.Id} cannot be read (damaged, or stored by another version of the server); DELETE /api/v1/predictions/{damaged.Id} removes it"),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Upload too large", "the request body is larger than the server accepts"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", "the request could not be read"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "the server failed on this request; its log has the details"),
        };
        if (status >= StatusCodes.Status500InternalServerError && (exception is not RequestProblemException || status == StatusCodes.Status507InsufficientStorage))
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        else if (status == StatusCodes.Status504GatewayTimeout)
        {
            // Not the server's failure, but its operator needs to see it: a slow client or an overloaded server.
            logger.LogWarning("Timed out on {Method} {Path}: {Detail}", httpContext.Request.Method, httpContext.Request.Path, detail);
        }

        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        if (status == StatusCodes.Status429TooManyRequests)
        {
            // A full queue drains in about a prediction's time.
            httpContext.Response.Headers.RetryAfter = "1";
        }

        await ProblemWriter.WriteAsync(httpContext, status, title, detail).ConfigureAwait(false);
        return true;
    }
}
