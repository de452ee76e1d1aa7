namespace Fracture.Server.Errors;

/// <summary>
/// The <c>type</c> of every problem answer, so each has one: ASP.NET Core fills it in for some statuses only (not 413,
/// 429 or 507), and not at all when the client's Accept header leaves ProblemWriter its own fallback.
/// </summary>
internal static class ProblemTypes
{
    private static readonly Dictionary<int, string> Types = new()
    {
        [StatusCodes.Status400BadRequest] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [StatusCodes.Status401Unauthorized] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        [StatusCodes.Status403Forbidden] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [StatusCodes.Status404NotFound] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [StatusCodes.Status405MethodNotAllowed] = "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status415UnsupportedMediaType] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        [StatusCodes.Status422UnprocessableEntity] = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
        [StatusCodes.Status500InternalServerError] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        [StatusCodes.Status503ServiceUnavailable] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        [StatusCodes.Status504GatewayTimeout] = "https://tools.ietf.org/html/rfc9110#section-15.6.5",
        [StatusCodes.Status507InsufficientStorage] = "https://tools.ietf.org/html/rfc4918#section-11.5",
    };

    /// <summary>The status's section of its RFC; "about:blank" (RFC 9457: the status says it all) for any other.</summary>
    public static string For(int status) => Types.GetValueOrDefault(status, "about:blank");
}
