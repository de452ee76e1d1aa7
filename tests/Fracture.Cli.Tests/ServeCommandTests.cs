using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture serve` runs the real server from the CLI's build output: it finds the repository's models from there,
/// listens on the port asked for, answers the probes and the API, and serves the page and API reference.
/// </summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Serve_starts_the_server_with_the_shipped_models_and_the_page()
    {
        using var process = Start(_temp.Path, "serve", "--urls", "http://127.0.0.1:0", "--data", "history");
        try
        {
            var url = await ListeningUrlAsync(process);
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Equal("{\"status\":\"ok\"}", await client.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            var models = await client.GetStringAsync(new Uri("/api/v1/models", UriKind.Relative));
            Assert.Contains("\"id\":\"fracture-classifier\"", models, StringComparison.Ordinal);
            Assert.Contains("\"id\":\"fracture-detector\"", models, StringComparison.Ordinal);

            using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            using var reference = await client.GetAsync(new Uri("/api-docs/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, reference.StatusCode);

            // --data is taken from the working directory.
            Assert.True(File.Exists(Path.Combine(_temp.Path, "history", "fracture.db")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void Serve_with_a_folder_without_models_fails_with_one_line()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_temp.Path, "empty")).FullName;
        var result = CliRunner.RunIn(_temp.Path, "serve", "--urls", "http://127.0.0.1:0", "--models", empty, "--data", "history");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"error: the server cannot start: models folder {empty} has no .onnx model; export one with `fracture export` or point Fracture:Server:ModelsDirectory elsewhere", result.StdErr.Trim());
        Assert.DoesNotContain("   at ", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Fracture:Server:MaxUploadBytes=25MB", "Fracture:Server:MaxUploadBytes")]
    [InlineData("--Fracture:Server:RequestTimeoutSeconds=60s", "Fracture:Server:RequestTimeoutSeconds")]
    public void A_setting_that_is_not_a_number_fails_with_one_line(string setting, string key)
    {
        var result = CliRunner.RunIn(_temp.Path, "serve", "--urls", "http://127.0.0.1:0", "--data", "history", setting);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: the server cannot start: ", result.StdErr.Trim(), StringComparison.Ordinal);
        Assert.Contains(key, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_in_use_fails_with_one_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = CliRunner.RunIn(_temp.Path, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", "history");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: the server cannot start: ", result.StdErr.Trim(), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_passes_configuration_keys_through_and_reports_a_bad_one()
    {
        var result = CliRunner.RunIn(_temp.Path, "serve", "--urls", "http://127.0.0.1:0", "--data", "history", "--Fracture:Server:QueueLimit=-5");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Fracture:Server:QueueLimit must be 0 or more (is -5)", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "elsewhere")]
    [InlineData("--port", "8080")]
    [InlineData("8080")]
    public void A_token_that_is_no_option_or_setting_is_refused_before_the_server_starts(params string[] extra)
    {
        var result = CliRunner.RunIn(_temp.Path, ["serve", "--urls", "http://127.0.0.1:0", "--data", "history", "--environment", "Production", .. extra]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"error: unknown option or argument '{extra[0]}': serve takes --urls, --models, --data and settings as --Fracture:Server:KEY=VALUE (docs/server.md)", result.StdErr.Trim());
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "history")), "the server started");
    }

    [Fact]
    public void A_misspelt_setting_stops_the_start_and_is_named()
    {
        var result = CliRunner.RunIn(_temp.Path, "serve", "--urls", "http://127.0.0.1:0", "--data", "history", "--Fracture:Server:MaxConcurentPredictions=4");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: the server cannot start: unknown setting Fracture:Server:MaxConcurentPredictions; the settings are ApiKey, ", result.StdErr.Trim(), StringComparison.Ordinal);
        Assert.Contains("MaxConcurrentPredictions", result.StdErr, StringComparison.Ordinal);
    }

    private static Process Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(CliRunner.DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliRunner.FractureDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>The address from the host's "Now listening on: URL" line (the port was chosen by the system).</summary>
    private static async Task<string> ListeningUrlAsync(Process process)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            seen.Add(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException($"fracture serve exited without listening:\n{string.Join('\n', seen)}\n{await process.StandardError.ReadToEndAsync()}");
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
