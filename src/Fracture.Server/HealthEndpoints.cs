using Microsoft.AspNetCore.Http.HttpResults;

namespace Fracture.Server;

/// <summary>Liveness probe; readiness (models loaded) arrives with the predictors.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", Ok<HealthStatus> () => TypedResults.Ok(new HealthStatus("ok")));
        return routes;
    }
}
