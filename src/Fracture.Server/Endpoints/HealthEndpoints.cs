using Fracture.Server.Contracts;
using Fracture.Server.Models;
using Fracture.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fracture.Server.Endpoints;

/// <summary>Probes: <c>/healthz</c> (the process answers) and <c>/readyz</c> (models loaded and the database reachable, else 503).</summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("Health");
        group.MapGet("/healthz", Live).WithName("Health").WithSummary("Liveness: the server answers");
        group.MapGet("/readyz", Ready).WithName("Ready").WithSummary("Readiness: models loaded and database reachable (503 otherwise)");
        return group;
    }

    private static Ok<HealthStatus> Live() => TypedResults.Ok(new HealthStatus("ok"));

    private static Results<Ok<HealthStatus>, ProblemHttpResult> Ready(ModelCatalog catalog, PredictionStore store, ILoggerFactory loggers)
    {
        if (catalog.Models.Count == 0)
        {
            return TypedResults.Problem("no model is loaded", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        }

        if (store.IsReachable())
        {
            return TypedResults.Ok(new HealthStatus("ready", catalog.Models.Count));
        }

        // The path goes to the log, not to the unauthenticated probe's answer.
        loggers.CreateLogger(typeof(HealthEndpoints).FullName!).LogWarning("Not ready: the database {Path} does not answer", store.Path);
        return TypedResults.Problem("the prediction database does not answer (the server log says where it is)", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
    }
}
