using System.Globalization;
using Fracture.Server.Contracts;
using Fracture.Server.Errors;
using Fracture.Server.Hosting;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Fracture.Server.Rendering;
using Fracture.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Fracture.Server.Endpoints;

/// <summary><c>/api/v1/predictions</c>: upload an image and get its prediction; the history; each prediction's JSON and PNGs; deleting one.</summary>
public static class PredictionEndpoints
{
    public const int DefaultListLimit = 20;
    public const int MaxListLimit = 100;

    private const string LimitField = "limit";

    private const string BeforeField = "before";

    public static RouteGroupBuilder MapPredictionEndpoints(this IEndpointRouteBuilder routes)
    {
        // Every /api answer can be 401 when an API key is set (ApiKeyMiddleware).
        var group = routes.MapGroup("/api/v1/predictions").WithTags("Predictions").ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/", Create)
            .WithName("CreatePrediction")
            .WithSummary("Predict on an uploaded X-ray (JPEG, PNG, TIFF or DICOM) and store the result")
            .WithDescription("multipart/form-data with the file in field 'image'; optional form or query fields 'task' (all, detect, segment, classify), 'conf' (0..1) and 'flipFusion' (true, false: run the box model on the image and its mirror image and fuse the boxes; default: the server's setting).")
            .AddOpenApiOperationTransformer(UploadFormDocument.Describe)
            .Produces<Prediction>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);
        group.MapGet("/", List)
            .WithName("ListPredictions")
            .WithSummary("The most recent predictions, newest first")
            .WithDescription("'limit' 1..100 (default 20); 'before' an id from the previous page to get the predictions stored before it ('next' links to it).")
            .AddOpenApiOperationTransformer(QueryFieldDocument.Describe(LimitField, $"How many predictions (1..{MaxListLimit}, default {DefaultListLimit}).", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = $"{MaxListLimit}" }))
            .AddOpenApiOperationTransformer(QueryFieldDocument.Describe(BeforeField, "The id of the last prediction of the page before.", new OpenApiSchema { Type = JsonSchemaType.String }))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}", Get)
            .WithName("GetPrediction")
            .WithSummary("One stored prediction")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapDelete("/{id}", Delete)
            .WithName("DeletePrediction")
            .WithSummary("Delete a stored prediction (and its image, when no other prediction was made on the same file)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/image", GetImage)
            .WithName("GetPredictionImage")
            .WithSummary("The stored input image as PNG (upright; DICOM and 16-bit images windowed to 8 bits)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesPngProblems();
        group.MapGet("/{id}/annotated", GetAnnotated)
            .WithName("GetAnnotatedPrediction")
            .WithSummary("The input image with the findings drawn, as PNG")
            .WithDescription("Draws the findings at their model's operating threshold (those the verdict counts), or those at or above query field 'conf' (0..1) when given.")
            .AddOpenApiOperationTransformer(QueryFieldDocument.Describe(
                UploadReader.ConfidenceField,
                "Draw the findings at or above this confidence (0..1) instead of those the verdict counts.",
                new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0", Maximum = "1" }))
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesPngProblems();
        return group;
    }

    private static async Task<Created<Prediction>> Create(
        HttpContext context, PredictionService service, PredictionLimiter limiter, IOptions<ServerOptions> options)
    {
        // The upload is read before a slot is taken (a slow client holds none); the work runs on the pool holding
        // the slot, so a timeout answers on time even while a model runs (the deadline stops that model at its next
        // operator, the work stores nothing), and the slot stays taken until the model has stopped.
        var prediction = await limiter.WithinDeadlineAsync(
            async deadline =>
            {
                var upload = await UploadReader.ReadAsync(context.Request, options.Value, deadline).ConfigureAwait(false);
                return await limiter.RunAsync(commit => service.Create(upload, commit), deadline).ConfigureAwait(false);
            },
            context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Created(prediction.Links.Self, prediction);
    }

    // The query is read here rather than bound to parameters: a value that does not parse, or comes twice, then gets
    // a 400 naming the field, not the binder's bare one.
    private static Ok<PredictionList> List(PredictionStore store, HttpRequest request)
    {
        var count = ListLimit(QueryField(request, LimitField));
        var before = QueryField(request, BeforeField);

        // One more than asked says whether an older page exists, so the last page has no link to an empty one.
        IReadOnlyList<PredictionSummary> items;
        if (before is null)
        {
            items = store.Recent(count + 1);
        }
        else
        {
            // A cursor that names no prediction (deleted since, even while this page is read) is a 404, not a
            // silently empty last page.
            RequireValidId(before);
            items = store.RecentBefore(count + 1, before) ?? throw NotFound(before);
        }
        if (items.Count <= count)
        {
            return TypedResults.Ok(new PredictionList(items));
        }

        var page = items.Take(count).ToList();
        return TypedResults.Ok(new PredictionList(page, $"/api/v1/predictions?limit={count}&before={page[^1].Id}"));
    }

    private static int ListLimit(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultListLimit;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxListLimit
            ? count
            : throw new RequestProblemException(StatusCodes.Status400BadRequest, "Bad limit", $"{LimitField} must be a whole number between 1 and {MaxListLimit} (was '{UploadReader.Echo(value)}')");
    }

    private static string? QueryField(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count <= 1
            ? values.FirstOrDefault()
            : throw new RequestProblemException(StatusCodes.Status400BadRequest, "Repeated field", $"field '{name}' was sent {values.Count} times in the query; send it once");
    }

    private static Ok<Prediction> Get(string id, PredictionStore store) => TypedResults.Ok(Find(id, store).Prediction);

    private static NoContent Delete(string id, PredictionArchive archive)
    {
        RequireValidId(id);
        return archive.Delete(id)
            ? TypedResults.NoContent()
            : throw new RequestProblemException(StatusCodes.Status404NotFound, "Prediction not found", $"no prediction {id}");
    }

    private static Task<FileContentHttpResult> GetImage(string id, HttpContext context, PredictionStore store, PredictionImages images, PredictionLimiter limiter) =>
        PngAsync(Find(id, store), images.InputPng, limiter, context.RequestAborted);

    private static Task<FileContentHttpResult> GetAnnotated(string id, HttpContext context, PredictionStore store, PredictionImages images, PredictionLimiter limiter)
    {
        var stored = Find(id, store);
        var conf = UploadReader.ParseConfidence(context.Request.Query["conf"].LastOrDefault());
        return PngAsync(stored, (s, token) => images.AnnotatedPng(s, conf, token), limiter, context.RequestAborted);
    }

    /// <summary>Decoding and drawing a large image costs about what a model does, so it takes a prediction slot too.</summary>
    private static async Task<FileContentHttpResult> PngAsync(
        StoredPrediction stored, Func<StoredPrediction, CancellationToken, byte[]> render, PredictionLimiter limiter, CancellationToken requestAborted)
    {
        var png = await limiter.WithinDeadlineAsync(
            deadline => limiter.RunAsync(commit => render(stored, commit.CancellationToken), deadline),
            requestAborted).ConfigureAwait(false);
        return TypedResults.File(png, "image/png");
    }

    private static RouteHandlerBuilder ProducesPngProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status500InternalServerError)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    private static StoredPrediction Find(string id, PredictionStore store)
    {
        RequireValidId(id);
        return store.Find(id) ?? throw NotFound(id);
    }

    private static RequestProblemException NotFound(string id) =>
        new(StatusCodes.Status404NotFound, "Prediction not found", $"no prediction {id}");

    private static void RequireValidId(string id)
    {
        if (!PredictionIds.IsValid(id))
        {
            throw new RequestProblemException(StatusCodes.Status400BadRequest, "Bad prediction id", "a prediction id is 32 lower-case hex digits");
        }
    }
}
