using System.Net;
using Fracture.Server.Errors;

namespace Fracture.Server.Hosting;

/// <summary>
/// Guards a server on a loopback address (the default, 127.0.0.1:5080) against DNS rebinding: a page of another site
/// whose name it re-points at 127.0.0.1 is same-origin with the server to the browser, and could read the history and
/// its X-rays. Such a request names the attacker's host, so on a loopback connection only <c>localhost</c> (and
/// <c>*.localhost</c>, which browsers always resolve to loopback) or an IP address is accepted, unless the
/// <c>AllowedHosts</c> setting names the hosts to accept (ASP.NET Core's host filtering then decides; a local proxy
/// that forwards a public name needs it).
/// </summary>
internal sealed class LoopbackHostMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly bool _hostsConfigured = !string.IsNullOrWhiteSpace(configuration["AllowedHosts"]);

    public Task InvokeAsync(HttpContext context)
    {
        var local = context.Connection.LocalIpAddress;
        if (_hostsConfigured || local is null || !IPAddress.IsLoopback(local) || IsLocalName(context.Request.Host.Host))
        {
            return next(context);
        }

        return ProblemWriter.WriteAsync(
            context,
            StatusCodes.Status400BadRequest,
            "Host not allowed",
            "this server listens on a loopback address and answers requests for localhost or an IP address only (another name could be a DNS rebinding attack); to serve it under a name, set AllowedHosts (--AllowedHosts=NAME)");
    }

    private static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host.Trim('[', ']'), out _);
}
