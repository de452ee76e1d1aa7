using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fracture.Server.Endpoints;

/// <summary>
/// Describes an optional query field in the OpenAPI document that the endpoint reads itself (so that a value that does
/// not parse, or comes twice, gets the endpoint's own 400 naming the field), where no handler parameter declares it.
/// </summary>
internal static class QueryFieldDocument
{
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Describe(string name, string description, OpenApiSchema schema) =>
        (operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Required = false, Description = description, Schema = schema });
            return Task.CompletedTask;
        };
}
