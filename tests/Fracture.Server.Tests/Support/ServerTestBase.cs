using System.Net;
using System.Net.Http.Json;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;

namespace Fracture.Server.Tests.Support;

/// <summary>One server per test class instance (xunit makes one per test), with its own temp data folder.</summary>
public abstract class ServerTestBase : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly Lazy<ServerFactoryHandle> _server;

    protected ServerTestBase() => _server = new(() => new ServerFactoryHandle(new ServerFactory(_data.Path)));

    protected string DataDirectory => _data.Path;

    protected HttpClient Client => _server.Value.Client;

    protected static byte[] FixtureBytes(int index = 0) => File.ReadAllBytes(TestPaths.FixtureImages[index]);

    protected async Task<Prediction> PostFixtureAsync(int index = 0, string? task = null, string? conf = null)
    {
        using var response = await Uploads.PostAsync(Client, FixtureBytes(index), Path.GetFileName(TestPaths.FixtureImages[index]), task, conf);
        return await Uploads.ReadPredictionAsync(response);
    }

    protected async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await Uploads.GetAsync(Client, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(ServerJson.Options))!;
    }

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }

        _data.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The factory and its client, disposed together (the store's pooled connections close with the host).</summary>
    private sealed class ServerFactoryHandle(ServerFactory factory) : IDisposable
    {
        public HttpClient Client { get; } = factory.CreateClient();

        public void Dispose()
        {
            Client.Dispose();
            factory.Dispose();
        }
    }
}
