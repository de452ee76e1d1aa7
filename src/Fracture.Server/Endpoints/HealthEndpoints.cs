using Fracture.Server.Contracts;
using Fracture.Server.Errors;
using Fracture.Server.Models;
using Fracture.Server.Options;
using Fracture.Server.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fracture.Server.Endpoints;

/// <summary>Probes: <c>/healthz</c> (the process answers) and <c>/readyz</c> (models loaded, the database reachable and room for one more upload, else 503).</summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Health");
        group.MapGet("/healthz", Live).WithName("Health").WithSummary("Liveness: the server answers");
        group.MapGet("/readyz", Ready).WithName("Ready").WithSummary("Readiness: models loaded, database reachable, room for one more upload (503 otherwise)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // Load balancers often probe with HEAD: the same answer without its body (Kestrel drops it), kept out of the
        // OpenAPI document, where GET describes it.
        group.MapMethods("/healthz", [HttpMethods.Head], (HttpContext context) => Head(context, Live())).ExcludeFromDescription();
        group.MapMethods("/readyz", [HttpMethods.Head], (HttpContext context, ModelCatalog catalog, PredictionStore store, ServerPaths paths, IOptions<ServerOptions> options, ILoggerFactory loggers) =>
            Head(context, Ready(catalog, store, paths, options, loggers).Result)).ExcludeFromDescription();
        return group;
    }

    /// <summary>GET's status alone: no body, not even the status-code pages' problem for a 503.</summary>
    private static StatusCodeHttpResult Head(HttpContext context, IResult answer)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        return TypedResults.StatusCode(((IStatusCodeHttpResult)answer).StatusCode ?? StatusCodes.Status200OK);
    }

    private static Ok<HealthStatus> Live() => TypedResults.Ok(new HealthStatus("ok"));

    private static Results<Ok<HealthStatus>, ProblemHttpResult> Ready(
        ModelCatalog catalog, PredictionStore store, ServerPaths paths, IOptions<ServerOptions> options, ILoggerFactory loggers)
    {
        if (catalog.Models.Count == 0)
        {
            return NotReady("no model is loaded");
        }

        // Paths go to the log, not to the unauthenticated probe's answer.
        var logger = loggers.CreateLogger(typeof(HealthEndpoints).FullName!);
        if (!store.IsReachable())
        {
            logger.LogWarning("Not ready: the database {Path} does not answer", store.Path);
            return NotReady("the prediction database does not answer (the server log says where it is)");
        }

        // A server that cannot store one more upload would answer 507 to the next: a balancer should send it elsewhere.
        if (FreeBytes(paths.DataDirectory) is { } free && free < options.Value.MaxUploadBytes)
        {
            logger.LogWarning("Not ready: {Free} bytes free for the data folder {Path}, under one upload's {Max}", free, paths.DataDirectory, options.Value.MaxUploadBytes);
            return NotReady($"the data folder's disk has {ByteSize.Megabytes(free)} free, less than one upload may take ({ByteSize.Megabytes(options.Value.MaxUploadBytes)})");
        }

        return TypedResults.Ok(new HealthStatus("ready", catalog.Models.Count));
    }

    private static ProblemHttpResult NotReady(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");

    // Null when the disk cannot tell: readiness then rests on the other checks.
    private static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
