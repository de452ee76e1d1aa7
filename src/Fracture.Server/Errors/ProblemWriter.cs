using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Fracture.Server.Errors;

/// <summary>Writes an application/problem+json answer from middleware (API key, limits, status-code pages), like the endpoints' own.</summary>
public static class ProblemWriter
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Type = ProblemTypes.For(status), Status = status, Title = title, Detail = detail };
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            // No writer accepted the client's Accept header; problem+json anyway, as every error of this API,
            // with the trace id the default writer would have added.
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The status-code pages' handler: a bodiless error (unknown route 404, wrong method 405, a 400 from parameter
    /// binding outside Development) as ProblemDetails, whatever the Accept header (the built-in handler falls back
    /// to text/plain when it excludes JSON).
    /// </summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"nothing is served at {http.Request.Path}",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}",
            StatusCodes.Status400BadRequest => "the request's parameters could not be read",
            _ => $"the request ended with status {status}",
        };
        return WriteAsync(http, status, ReasonPhrases.GetReasonPhrase(status), detail);
    }
}
