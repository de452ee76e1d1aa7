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

    /// <summary>Longest file name kept, in UTF-16 units.</summary>
    private const int MaxNameLength = 255;

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
        if (request.ContentLength is { } length && length > bodyLimit)
        {
            // The body's size to 0.1 MB only: its exact bytes depend on the client's multipart framing, and the page
            // and a script sending one file should read the same answer.
            throw new RequestProblemException(
                StatusCodes.Status413PayloadTooLarge,
                "Upload too large",
                $"the request body is {ByteSize.Megabytes(length)}; the server accepts at most {bodyLimit} bytes: an image of up to {options.MaxUploadBytes} bytes ({ByteSize.Megabytes(options.MaxUploadBytes)}) and {FormOverheadBytes / 1024} KB for the rest of the form");
        }

        // Kestrel refuses a body past its limit while it is read (413); raised here so a configured limit above Kestrel's default works.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = bodyLimit;
        }

        var form = await ReadFormAsync(request, options, cancellationToken).ConfigureAwait(false);
        foreach (var field in (string[])[ImageField, TaskField, ConfidenceField, FlipFusionField])
        {
            RequireOnce(request, form, field);
        }

        var file = form.Files.GetFile(ImageField)
            ?? throw (form.ContainsKey(ImageField) ? SentAsText() : new RequestProblemException(StatusCodes.Status400BadRequest, "No image", $"the form has no file in field '{ImageField}'"));
        if (file.Length == 0)
        {
            throw new RequestProblemException(StatusCodes.Status400BadRequest, "Empty file", "the uploaded file has no bytes");
        }

        if (file.Length > options.MaxUploadBytes)
        {
            throw new RequestProblemException(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"the image must be at most {options.MaxUploadBytes} bytes ({ByteSize.Megabytes(options.MaxUploadBytes)})");
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

    /// <summary>
    /// The last part of the client's file name without control characters, bidirectional controls or line separators,
    /// at most 255 UTF-16 units cut between characters; display only. A right-to-left override would make
    /// "scan\u202Egpj.exe" read "scanexe.jpg" on the page and in the history.
    /// </summary>
    public static string? DisplayName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c) && !IsBidiControlOrSeparator(c))]).Trim();
        name = Shorten(name, MaxNameLength);
        return name.Length == 0 ? null : name;
    }

    // Bidirectional marks, embeddings, overrides and isolates (Unicode's Bidi_Control property), and the line and paragraph separators.
    private static bool IsBidiControlOrSeparator(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029';

    /// <summary>At most <paramref name="max"/> UTF-16 units, cut between text elements (never inside a surrogate pair or an emoji sequence).</summary>
    internal static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = 0;
        while (end < text.Length && end + StringInfo.GetNextTextElementLength(text, end) is var next && next <= max)
        {
            end = next;
        }

        return text[..end];
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, ServerOptions options, CancellationToken cancellationToken)
    {
        // Each part's body may be as long as the file limit; the file is spooled to a temp file of the framework's
        // own naming past 64 KB, never to a path built from the client's name.
        var formOptions = new FormOptions { MultipartBodyLengthLimit = options.MaxUploadBytes, ValueCountLimit = 16 };
        // The form is read through a stream that ends at the deadline, with no token of its own (DeadlineReadStream says why).
        var body = request.Body;
        using var deadlineBody = new DeadlineReadStream(request.BodyReader, cancellationToken);
        request.Body = deadlineBody;
        try
        {
            return await request.ReadFormAsync(formOptions, CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal))
        {
            throw PartTooLarge(options, e);
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
        finally
        {
            request.Body = body;
        }
    }

    /// <summary>
    /// A field sent more than once (in the form, the query or both) is refused: which one counts would be a guess,
    /// and an invalid copy beside a valid one would go unnoticed.
    /// </summary>
    private static void RequireOnce(HttpRequest request, IFormCollection form, string name)
    {
        var inForm = (form.TryGetValue(name, out var values) ? values.Count : 0) + form.Files.GetFiles(name).Count;
        var inQuery = request.Query.TryGetValue(name, out var queryValues) ? queryValues.Count : 0;
        if (inForm + inQuery > 1)
        {
            var where = inForm == 0 ? " in the query" : inQuery == 0 ? " in the form" : " in the form and the query";
            throw new RequestProblemException(StatusCodes.Status400BadRequest, "Repeated field", $"field '{name}' was sent {inForm + inQuery} times{where}; send it once");
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
    internal static string Echo(string? value) =>
        value is { Length: > MaxEchoedLength } ? $"{value[..MaxEchoedLength]}… ({value.Length} characters)" : value ?? string.Empty;

    private static RequestProblemException Malformed(Exception e) =>
        new(StatusCodes.Status400BadRequest, "Malformed upload", $"the multipart form could not be read: {e.Message}", e);

    // The framework's part limit does not say which part broke it: the image, or a text field beside it.
    private static RequestProblemException PartTooLarge(ServerOptions options, Exception inner) =>
        new(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"a part of the upload is over {options.MaxUploadBytes} bytes ({ByteSize.Megabytes(options.MaxUploadBytes)}): the image may be at most that, the other fields are a few characters each", inner);
}
