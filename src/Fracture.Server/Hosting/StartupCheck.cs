using Fracture.Server.Models;
using Fracture.Server.Options;
using Fracture.Server.Storage;

namespace Fracture.Server.Hosting;

/// <summary>
/// Loads the models and opens the database before the server listens, so a missing folder, a bad model or an
/// unwritable data folder stops the start with one clear message instead of failing the first request.
/// </summary>
internal sealed class StartupCheck(IServiceProvider services, ILogger<StartupCheck> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var paths = services.GetRequiredService<ServerPaths>();
        var catalog = services.GetRequiredService<ModelCatalog>();
        var store = services.GetRequiredService<PredictionStore>();
        services.GetRequiredService<ImageStore>();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation(
                "Serving {Models} from {ModelsDirectory}; history in {Database}",
                string.Join(", ", catalog.Models.Select(m => $"{m.Id} ({m.Task})")),
                paths.ModelsDirectory,
                store.Path);
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
