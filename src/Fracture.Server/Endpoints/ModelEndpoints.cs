using Fracture.Core.Models;
using Fracture.Server.Contracts;
using Fracture.Server.Models;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fracture.Server.Endpoints;

/// <summary><c>/api/v1/models</c>: the models the server runs.</summary>
public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        // 401 when an API key is set (ApiKeyMiddleware), as every /api answer.
        var group = routes.MapGroup("/api/v1/models").WithTags("Loaded models").ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", List).WithName("ListModels").WithSummary("The loaded models: task, classes, input size, threshold, version, file hash; and whether box models run with mirror fusion by default");
        return group;
    }

    public static ModelInfo Describe(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var metadata = model.Metadata;
        return new ModelInfo(
            model.Id,
            ModelMetadata.TaskName(model.Task),
            metadata.Names,
            new InputSize(metadata.InputWidth, metadata.InputHeight),
            metadata.Threshold,
            PredictionBuilder.VersionOf(metadata),
            model.Sha256,
            metadata.Weights,
            model.FileBytes,
            metadata.EndToEnd == true);
    }

    private static Ok<ModelList> List(ModelCatalog catalog, IOptions<ServerOptions> options) =>
        TypedResults.Ok(new ModelList([.. catalog.Models.Select(Describe)], options.Value.FlipFusion));
}
