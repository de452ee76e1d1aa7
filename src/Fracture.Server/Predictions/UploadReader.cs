using System.Globalization;
using Fracture.Server.Errors;
using Fracture.Server.Options;
using Microsoft.AspNetCore.Http.Features;

namespace Fracture.Server.Predictions;

/// <summary>
/// Reads a prediction request: multipart/form-data with the file in field <c>image</c>, optional <c>task</c>,
/// <c>conf</c> and <c>flipFusion</c> as form or query fields. 400 for a malformed request, 413 for a file over the upload limit (checked
/// from Content-Length before reading, and while reading, so a large body is never buffered whole).
/// </summary>
public static class UploadReader
{
    public const string ImageField = "image";

    public const string TaskField = "task";

    public const string ConfidenceField = "conf";

    /// <summary>Turns test-time mirror fusion on or off for this request's box model.</summary>
    public const string FlipFusionField = "flipFusion";

    /// <summary>Longest field value quoted back in a 400's detail.</summary>
    private const int MaxEchoedLength = 40;

    /// <summary>Room for the multipart boundaries, part headers and the small fields beside the file.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    // errno EPERM, EIO, EACCES, EROFS (.NET puts the raw errno in an IOException's HResult on Linux).
    private static readonly int[] ServersFileErrors = [1, 5, 13, 30];

    /// <exception cref="RequestProblemException">400 or 413.</exception>
    public static async Task<Upload> ReadAsync(HttpRequest request, ServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestProblemException(StatusCodes.Status400BadRequest, "Not a multipart upload", $"send multipart/form-data with the image file in field '{ImageField}'");
        }

        var bodyLimit = options.MaxUploadBytes + FormOverheadBytes;
        if (request.ContentLength > bodyLimit)
        {
            throw TooLarge(options);
        }

        // Kestrel refuses a body past its limit while it is read (413); raised here so a configured limit above Kestrel's default works.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = bodyLimit;
        }

        var form = await ReadFormAsync(request, options, cancellationToken).ConfigureAwait(false);
        var file = form.Files.GetFile(ImageField)
            ?? throw (form.ContainsKey(ImageField) ? SentAsText() : new RequestProblemException(StatusCodes.Status400BadRequest, "No image", $"the form has no file in field '{ImageField}'"));
        if (file.Length == 0)
        {
            throw new RequestProblemException(StatusCodes.Status400BadRequest, "Empty file", "the uploaded file has no bytes");
        }

        if (file.Length > options.MaxUploadBytes)
        {
            throw TooLarge(options);
        }

        var data = new byte[file.Length];
        using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        }

        var task = ParseTask(Field(request, form, TaskField));
        var confidence = ParseConfidence(Field(request, form, ConfidenceField));
        var flipFusion = ParseFlipFusion(Field(request, form, FlipFusionField));
        return new Upload(data, DisplayName(file.FileName), task, confidence, flipFusion);
    }

    public static PredictionTask ParseTask(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => PredictionTask.All,
        "classify" => PredictionTask.Classify,
        "detect" => PredictionTask.Detect,
        "segment" => PredictionTask.Segment,
        _ => throw new RequestProblemException(StatusCodes.Status400BadRequest, "Bad task", $"task '{Echo(value)}' is not one of all, detect, segment, classify"),
    };

    public static double? ParseConfidence(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var conf) && ServerOptions.IsConfidence(conf)
            ? conf
            : throw new RequestProblemException(StatusCodes.Status400BadRequest, "Bad confidence", $"conf '{Echo(value)}' is not a number between 0 and 1");
    }

    /// <summary>
    /// <c>flipFusion</c>: true/false, 1/0, on/off (an HTML checkbox sends "on"), yes/no; empty or absent is null (the
    /// server's default).
    /// </summary>
    public static bool? ParseFlipFusion(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "true" or "1" or "on" or "yes" => true,
        "false" or "0" or "off" or "no" => false,
        _ => throw new RequestProblemException(StatusCodes.Status400BadRequest, "Bad flipFusion", $"{FlipFusionField} '{Echo(value)}' is not one of true, false (or 1, 0, on, off, yes, no)"),
    };

    /// <summary>The last part of the client's file name without control characters, at most 255 characters; display only.</summary>
    public static string? DisplayName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return name.Length == 0 ? null : name[..Math.Min(name.Length, 255)];
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, ServerOptions options, CancellationToken cancellationToken)
    {
        // Each part's body may be as long as the file limit; the file is spooled to a temp file of the framework's
        // own naming past 64 KB, never to a path built from the client's name.
        var formOptions = new FormOptions { MultipartBodyLengthLimit = options.MaxUploadBytes, ValueCountLimit = 16 };
        try
        {
            return await request.ReadFormAsync(formOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal))
        {
            throw TooLarge(options, e);
        }
        catch (InvalidDataException e)
        {
            throw Malformed(e);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested && !StorageFull.Is(e) && !IsServersFileError(e))
        {
            // A multipart body that ends before its closing boundary, or breaks off. The message is not passed on: an
            // I/O error's names the framework's temp file. The server's own file errors while the part spools (the
            // temp folder missing or read-only) are a logged 500, a full disk a 507.
            throw new RequestProblemException(StatusCodes.Status400BadRequest, "Malformed upload", "the multipart form could not be read: the body ended early or broke off", e);
        }
    }

    /// <summary>
    /// An error of the server's own files while the part spools to the framework's temp folder (the folder missing,
    /// read-only, unreadable): not the request's fault, so a logged 500 rather than a 400 that blames the client.
    /// </summary>
    internal static bool IsServersFileError(IOException e) =>
        e is DirectoryNotFoundException or FileNotFoundException or PathTooLongException or DriveNotFoundException
        || ServersFileErrors.Contains(e.HResult);

    private static string? Field(HttpRequest request, IFormCollection form, string name) =>
        form.TryGetValue(name, out var formValue) && formValue.Count > 0 ? formValue[^1]
        : request.Query.TryGetValue(name, out var queryValue) && queryValue.Count > 0 ? queryValue[^1]
        : null;

    /// <summary>
    /// A part without a filename is a text field to ASP.NET Core, its bytes decoded as text (up to the upload limit),
    /// so the image cannot be recovered from it: say how to send it.
    /// </summary>
    private static RequestProblemException SentAsText() =>
        new(StatusCodes.Status400BadRequest, "No image file", $"field '{ImageField}' came as a text field, not a file: send the image as a file part with a filename (curl -F {ImageField}=@scan.jpg; .NET: MultipartFormDataContent.Add(content, \"{ImageField}\", \"scan.jpg\"))");

    /// <summary>A bad field's value as the answer quotes it: cut short, since a text field may be megabytes long.</summary>
    private static string Echo(string? value) =>
        value is { Length: > MaxEchoedLength } ? $"{value[..MaxEchoedLength]}… ({value.Length} characters)" : value ?? string.Empty;

    private static RequestProblemException Malformed(Exception e) =>
        new(StatusCodes.Status400BadRequest, "Malformed upload", $"the multipart form could not be read: {e.Message}", e);

    private static RequestProblemException TooLarge(ServerOptions options, Exception? inner = null) =>
        new(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"the image must be at most {options.MaxUploadBytes} bytes ({ByteSize.Megabytes(options.MaxUploadBytes)})", inner);
}
