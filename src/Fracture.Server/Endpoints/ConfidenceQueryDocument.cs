using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fracture.Server.Endpoints;

/// <summary>
/// Describes the optional query field <c>conf</c> of <c>/annotated</c> in the OpenAPI document: the endpoint parses it
/// itself (its own 400 for a value outside 0..1), so no handler parameter would declare it.
/// </summary>
internal static class ConfidenceQueryDocument
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "conf",
            In = ParameterLocation.Query,
            Required = false,
            Description = "Draw the findings at or above this confidence (0..1) instead of those the verdict counts.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Maximum = "1" },
        });
        return Task.CompletedTask;
    }
}
