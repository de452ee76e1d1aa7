using System.CommandLine;
using Fracture.Server;
using Fracture.Server.Options;

namespace Fracture.Cli.Commands;

/// <summary>
/// `fracture serve`: the REST API and web page, the same server as Fracture.Server's own program (built by
/// <see cref="FractureServerApp"/>), run in this process until Ctrl+C.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen, e.g. http://127.0.0.1:8080 (default {FractureServerApp.DefaultUrl}, or ASPNETCORE_URLS)." };
        var models = new Option<string?>("--models") { Description = "Folder of .onnx models, at most one per task (default: the repository's models/)." };
        var data = new Option<string?>("--data") { Description = "Folder for the prediction history (fracture.db) and stored images (default: ./data)." };
        var command = new Command("serve", "Start the REST API and web page. Other settings as --Fracture:Server:KEY=VALUE (see docs/server.md).")
        {
            urls, models, data,
        };

        // Configuration keys (--Fracture:Server:ApiKey=...) pass through to the server's configuration.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellation) =>
        {
            if (ServerCommandLine.FirstNotASetting(parse.UnmatchedTokens) is { } stray)
            {
                Console.Error.WriteLine($"error: unknown option or argument '{stray}': serve takes --urls, --models, --data and settings as --{ServerOptions.SectionName}:KEY=VALUE (docs/server.md)");
                return Task.FromResult(ExitCodes.BadInput);
            }

            string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
            var overrides = new ServerOverrides(parse.GetValue(urls), Full(parse.GetValue(models)), Full(parse.GetValue(data)));
            return FractureServerApp.RunAsync([.. parse.UnmatchedTokens], overrides, cancellation);
        });
        return command;
    }
}
