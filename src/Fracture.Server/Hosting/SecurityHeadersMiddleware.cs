namespace Fracture.Server.Hosting;

/// <summary>
/// Headers that keep a browser from misusing the server's answers: no content sniffing (a stored upload or an error
/// never runs as script or HTML), no framing by other sites (no clickjacking of Delete), no referrer and no
/// cross-origin embedding of the X-ray PNGs, a Content-Security-Policy that lets the page run only its own scripts
/// and styles (so a name or class that slipped into markup would still not run), and no caching of API answers,
/// which carry patient images and file names. Set when the answer starts, so error answers get them too.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The page's policy: its own scripts, styles and requests; images also from blob: (fetched PNGs) and data: (the empty icon).</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference (Scalar) runs inline script and styles of its own; it only is kept from being framed.</summary>
    public const string ApiDocsPolicy = "object-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = path.StartsWithSegments("/api-docs", StringComparison.OrdinalIgnoreCase) ? ApiDocsPolicy : PagePolicy;
            if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
