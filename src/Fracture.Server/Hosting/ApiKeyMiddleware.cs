using System.Security.Cryptography;
using System.Text;
using Fracture.Server.Errors;
using Fracture.Server.Options;
using Microsoft.Extensions.Options;

namespace Fracture.Server.Hosting;

/// <summary>
/// When <see cref="ServerOptions.ApiKey"/> is set, every request under <c>/api</c> must send it in the
/// <c>X-Api-Key</c> header; others get 401. The page, health probes and API docs stay open.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    // Hashes compare in constant time whatever the lengths, so timing tells nothing about the key.
    private readonly byte[]? _keyHash = options.Value.ApiKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (_keyHash is null || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var sent = context.Request.Headers[HeaderName];
        if (sent.Count == 1 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent[0] ?? string.Empty)), _keyHash))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        var detail = sent.Count == 0 ? $"send the API key in the {HeaderName} header" : $"the {HeaderName} header does not hold the server's API key";
        return ProblemWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, "API key required", detail);
    }
}
