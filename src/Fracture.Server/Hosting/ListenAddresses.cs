using System.Globalization;

namespace Fracture.Server.Hosting;

/// <summary>
/// Checks the addresses the server is to listen on before the host starts: Kestrel refuses a bad one only when it
/// binds, with an unhandled exception and a stack trace (`Invalid url: '127.0.0.1:8080'`, a port of 99999).
/// </summary>
public static class ListenAddresses
{
    /// <summary>Each of the ';'-separated addresses: http:// or https://, a host (*, +, a name, an IPv4 or [IPv6]) and an optional port 0-65535.</summary>
    /// <exception cref="ServerStartupException">The first address that is not one, named with what is wrong.</exception>
    public static void Check(string urls, string source)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Problem(url) is { } problem)
            {
                throw new ServerStartupException($"cannot listen on '{url}' ({source}): {problem}; e.g. http://127.0.0.1:5080 or http://0.0.0.0:8080");
            }
        }
    }

    private static string? Problem(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || !(url[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase) || url[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase)))
        {
            return "an address starts with http:// or https://";
        }

        var authority = url[(scheme + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        authority = slash < 0 ? authority : authority[..slash];
        string host, port;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return "an IPv6 host needs its closing ']'";
            }

            host = authority[..(close + 1)];
            var rest = authority[(close + 1)..];
            if (rest.Length > 0 && !rest.StartsWith(':'))
            {
                return "only ':PORT' may follow an IPv6 host";
            }

            port = rest.Length > 0 ? rest[1..] : string.Empty;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? string.Empty : authority[(colon + 1)..];
            if (colon >= 0 && port.Length == 0)
            {
                return "the port is missing after ':'";
            }
        }

        if (host.Length == 0)
        {
            return "the host is missing";
        }

        if (port.Length > 0 && !(port.All(char.IsAsciiDigit) && port.Length <= 5 && int.Parse(port, CultureInfo.InvariantCulture) <= 65535))
        {
            return $"port '{port}' is not a number from 0 to 65535";
        }

        return null;
    }
}
