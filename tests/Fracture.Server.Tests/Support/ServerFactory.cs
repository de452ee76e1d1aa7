using Fracture.Server.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// The real server (Program, through FractureServerApp) in memory, with its history in <paramref name="dataDirectory"/>,
/// the shipped models (or <paramref name="catalog"/>) and extra configuration <paramref name="settings"/>. With
/// <paramref name="loadModels"/> the server loads its models itself, from the configured folder, as in production.
/// </summary>
internal sealed class ServerFactory(
    string dataDirectory,
    Dictionary<string, string?>? settings = null,
    ModelCatalog? catalog = null,
    bool loadModels = false) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Fracture:Server:DataDirectory", dataDirectory);
        builder.UseSetting("Fracture:Server:ModelsDirectory", TestPaths.Models);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (!loadModels)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(catalog ?? SharedModels.Catalog));
        }
    }
}
