using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fracture.Server.Tests.Browser;

/// <summary>
/// The real server on Kestrel (a browser cannot reach the in-memory test server) on a free loopback port, with the
/// shipped models and its own empty data folder, deleted on dispose.
/// </summary>
public sealed class BrowserServerFactory : WebApplicationFactory<Program>
{
    private readonly string _modelsDirectory;
    private readonly string? _apiKey;

    /// <param name="modelsDirectory">The models to serve.</param>
    /// <param name="apiKey">When set, every /api request needs it in X-Api-Key.</param>
    public BrowserServerFactory(string modelsDirectory, string? apiKey = null)
    {
        _modelsDirectory = modelsDirectory;
        _apiKey = apiKey;
        DataDirectory = Path.Combine(Path.GetTempPath(), "fracture-browser-" + Guid.NewGuid().ToString("N"));
        UseKestrel(0);
    }

    /// <summary>The server's data folder (database and stored images).</summary>
    public string DataDirectory { get; }

    /// <summary>Starts the server when needed and returns its address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri StartAndGetAddress()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address");
        var address = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        // Kestrel may report the wildcard or 'localhost'; the browser goes to the loopback address itself.
        var port = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        return new Uri($"http://127.0.0.1:{port}/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Fracture:Server:ModelsDirectory", _modelsDirectory);
        builder.UseSetting("Fracture:Server:DataDirectory", DataDirectory);
        if (_apiKey is not null)
        {
            builder.UseSetting("Fracture:Server:ApiKey", _apiKey);
        }

        // Request logs would bury the test output (screenshot paths, failures).
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // The server holds the database until disposed; a leftover temp folder is harmless, so failures are ignored.
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
