using System.Net;
using Fracture.Server.Inputs;
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
/// <paramref name="loadModels"/> the server loads its models itself, from the configured folder, as in production;
/// <paramref name="dicom"/> replaces its DICOM decoder and <paramref name="time"/> its clock.
/// </summary>
internal sealed class ServerFactory(
    string dataDirectory,
    Dictionary<string, string?>? settings = null,
    ModelCatalog? catalog = null,
    bool loadModels = false,
    IDicomDecoder? dicom = null,
    TimeProvider? time = null) : WebApplicationFactory<Program>
{
    /// <summary>
    /// Starts the server on real Kestrel at a free loopback port; <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>
    /// then talks to that port. The port is given as a Kestrel endpoint, not through <c>UseKestrel(0)</c>: that one
    /// rewrites the server's address list after the app (which starts itself) may already have bound, and then
    /// throws "Addresses cannot be modified after the server has started" (dotnet/aspnetcore#67714; it failed CI once).
    /// </summary>
    public void StartOnLoopback()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

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

        if (dicom is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(dicom));
        }

        if (time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
    }
}
