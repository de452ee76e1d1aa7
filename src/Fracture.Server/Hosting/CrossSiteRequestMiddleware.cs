using Fracture.Server.Errors;

namespace Fracture.Server.Hosting;

/// <summary>
/// Refuses a state-changing request (POST, DELETE, ...) that a browser sent on behalf of another site: without an API
/// key, any page the user opens could otherwise upload into the history or (with a form post) fill the disk of a
/// server on 127.0.0.1 or the hospital network (cross-site request forgery). Browsers say where a request comes from
/// in <c>Sec-Fetch-Site</c> (trusted when present) or else <c>Origin</c> (its host must be the request's); API clients
/// (curl, .NET, hospital systems) send neither and are not affected.
/// </summary>
internal sealed class CrossSiteRequestMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || IsSameOrigin(request))
        {
            return next(context);
        }

        return ProblemWriter.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Cross-site request refused",
            $"a page of another site may not {request.Method} to this server; open the server's own page, or send the request from an API client");
    }

    private static bool IsSameOrigin(HttpRequest request)
    {
        // "none": typed in or a bookmark; "same-origin": the server's own page. "same-site" is another port or subdomain.
        var site = request.Headers["Sec-Fetch-Site"];
        if (site.Count > 0)
        {
            return site.Count == 1 && site[0] is "same-origin" or "none";
        }

        // Older browsers: the Origin header. Only the host and port are compared, so a proxy that ends TLS (https
        // outside, http here) does not make the server's own page cross-site.
        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return true;
        }

        return origin.Count == 1 && Uri.TryCreate(origin[0], UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
