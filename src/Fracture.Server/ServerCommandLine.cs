using Fracture.Server.Options;

namespace Fracture.Server;

/// <summary>
/// The server's own command line (<c>./serve</c>, <c>dotnet Fracture.Server.dll</c>): the options <c>fracture serve</c>
/// takes (<c>--urls</c>, <c>--models</c>, <c>--data</c>) and configuration settings (<c>--Fracture:Server:KEY=VALUE</c>).
/// Anything else is refused: ASP.NET Core's command-line configuration would read <c>--port 8080</c> or <c>--model DIR</c>
/// as a key nothing reads, and the server would start without what the user asked for.
/// </summary>
public static class ServerCommandLine
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: ./serve [--urls URL] [--models DIR] [--data DIR] [--Fracture:Server:KEY=VALUE ...]
          --urls URL     where to listen (default http://127.0.0.1:5080, or ASPNETCORE_URLS); several separated by ';'
          --models DIR   folder of .onnx models, at most one per task (default: the repository's models/)
          --data DIR     folder for the prediction history (fracture.db) and stored images (default: ./data)
          --Fracture:Server:KEY=VALUE   any setting of docs/server.md, e.g. --Fracture:Server:ApiKey=change-me
        Relative folders are taken from the folder the server runs in (./serve runs it from the repository root).
        """;

    // WebApplication's flat host settings (the rest of its configuration lives under sections).
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "environment", "contentRoot", "applicationName", "webroot", "http_ports", "https_ports", "AllowedHosts",
        "detailedErrors", "shutdownTimeoutSeconds", "hostingStartupAssemblies", "hostingStartupExcludeAssemblies",
        "preventHostingStartup", "suppressStatusMessages",
    };

    /// <summary>True when the arguments ask for the usage text.</summary>
    public static bool AsksForHelp(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(a => a is "-h" or "--help" or "-?");
    }

    /// <summary>
    /// Splits the arguments into the three options and the configuration settings left for the host.
    /// </summary>
    /// <exception cref="ServerStartupException">An argument that is neither, or an option without its value.</exception>
    public static (ServerOverrides Overrides, string[] Settings) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? urls = null, models = null, data = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token : token[..equals];
            if (name is not ("--urls" or "--models" or "--data"))
            {
                settings.Add(token);
                continue;
            }

            var value = equals >= 0 ? token[(equals + 1)..] : i + 1 < args.Count ? args[++i] : null;
            if (string.IsNullOrWhiteSpace(value) || (equals < 0 && value.StartsWith("--", StringComparison.Ordinal)))
            {
                throw new ServerStartupException($"{name} needs a value ({Expected})");
            }

            switch (name)
            {
                case "--urls": urls = value; break;
                case "--models": models = Path.GetFullPath(value); break;
                default: data = Path.GetFullPath(value); break;
            }
        }

        if (FirstNotASetting(settings) is { } stray)
        {
            throw new ServerStartupException($"unknown option or argument '{stray}' ({Expected})");
        }

        return (new ServerOverrides(urls, models, data), [.. settings]);
    }

    /// <summary>
    /// The first token that ASP.NET Core's command-line configuration would not read as a key this server or its host
    /// knows (<c>--model DIR</c> for <c>--models</c>, <c>--port 8080</c>): a configuration key is a section path
    /// (Fracture:Server:..., Kestrel:..., Logging:...) or one of the host's own flat keys. Null when all are settings.
    /// </summary>
    public static string? FirstNotASetting(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var prefixed = token.StartsWith("--", StringComparison.Ordinal) ? 2 : token.StartsWith('/') ? 1 : 0;
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (prefixed == 0 && equals < 0)
            {
                return token;
            }

            // "--Logging=" with nothing after it names a section, as a host built by a test harness passes its
            // settings' parents: it sets nothing.
            var key = equals < 0 ? token[prefixed..] : token[prefixed..equals];
            var sectionOnly = equals == token.Length - 1;
            if (!key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key) && !sectionOnly)
            {
                return token;
            }

            // "--key value": the next token is the value.
            i += equals < 0 ? 1 : 0;
        }

        return null;
    }

    private static string Expected =>
        $"the server takes --urls, --models, --data and settings as --{ServerOptions.SectionName}:KEY=VALUE; --help lists them";
}
