using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Fracture.Server.Endpoints;

/// <summary>
/// Describes the upload form in the OpenAPI document. The endpoint reads the form itself (its own 400/413 answers),
/// and declaring the body with Accepts would make routing answer 415 to other content types before it.
/// </summary>
internal static class UploadFormDocument
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "image" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["image"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The X-ray: JPEG, PNG, TIFF or DICOM (type judged from the bytes), at most the upload limit (25 MB by default)." },
                            ["task"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["all", "detect", "segment", "classify"], Description = "Which models to run (default all); also accepted as a query field." },
                            ["conf"] = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Maximum = "1", Description = "Lowest finding confidence returned (default 0.05); also accepted as a query field." },
                            ["flipFusion"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Run the detector or segmenter on the image and its mirror image and fuse the two views' boxes (twice the model time); default: the server's Fracture:Server:FlipFusion (GET /api/v1/models says which). Also accepted as a query field." },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
