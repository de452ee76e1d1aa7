using Fracture.Core;
using Fracture.Server.Endpoints;
using Fracture.Server.Errors;
using Fracture.Server.Hosting;
using Fracture.Server.Inputs;
using Fracture.Server.Models;
using Fracture.Server.Options;
using Fracture.Server.Predictions;
using Fracture.Server.Rendering;
using Fracture.Server.Storage;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Fracture.Server;

/// <summary>
/// The one way the server is built: <c>Fracture.Server</c>'s Program and <c>fracture serve</c> both call
/// <see cref="Build"/> (or <see cref="RunAsync"/>), so they serve the same API, page and settings.
/// </summary>
public static class FractureServerApp
{
    /// <summary>Where the server listens when neither configuration nor the command line says.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    // Host settings that choose addresses (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS, ...).
    private static readonly string[] UrlKeys = ["urls", "http_ports", "https_ports"];

    /// <summary>Builds the server: configuration (with <paramref name="overrides"/> on top), services, middleware and endpoints.</summary>
    public static WebApplication Build(string[] args, ServerOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot() });
        Configure(builder, overrides ?? new ServerOverrides());
        RejectUnknownSettings(builder.Configuration);
        AddServices(builder.Services);
        var app = builder.Build();
        UsePipeline(app);
        return app;
    }

    /// <summary>
    /// The server's own program: reads its command line (<see cref="ServerCommandLine"/>), prints the usage for
    /// --help, refuses what it does not know (exit code 1, one line on stderr), then runs as <see cref="RunAsync"/>.
    /// </summary>
    public static async Task<int> RunFromCommandLineAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (ServerCommandLine.AsksForHelp(args))
        {
            await Console.Out.WriteLineAsync(ServerCommandLine.Usage).ConfigureAwait(false);
            return 0;
        }

        string[] settings;
        ServerOverrides overrides;
        try
        {
            (overrides, settings) = ServerCommandLine.Parse(args);
        }
        catch (ServerStartupException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        return await RunAsync(settings, overrides, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds and runs the server until it is stopped; a start-up problem is one line on stderr and exit code 1.</summary>
    public static async Task<int> RunAsync(string[] args, ServerOverrides? overrides = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var app = Build(args, overrides);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (IsStartupProblem(e))
        {
            var detail = e.InnerException is FormatException or OverflowException ? $" ({e.InnerException.Message})" : string.Empty;
            await Console.Error.WriteLineAsync($"error: the server cannot start: {e.Message}{detail}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// What a user can fix and needs no stack trace for: our own start checks, a setting out of range or not a number
    /// (the configuration binder's "Failed to convert configuration value at 'KEY'"), an address already in use or
    /// not allowed (Kestrel's "Failed to bind to address ..." is an IOException), an https:// address without a
    /// certificate. (Malformed addresses are refused before the host is built: <see cref="ListenAddresses"/>.)
    /// </summary>
    private static bool IsStartupProblem(Exception e) => e switch
    {
        FractureException or OptionsValidationException => true,
        InvalidOperationException when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => true,
        IOException when e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal) => true,
        InvalidOperationException when e.Message.StartsWith("Unable to configure HTTPS endpoint", StringComparison.Ordinal) => true,
        _ => false,
    };

    /// <summary>
    /// A key under <see cref="ServerOptions.SectionName"/> that names no setting (a misspelling such as
    /// MaxConcurentPredictions, from any source) stops the start: the binder would drop it, and the server would run
    /// with the default the user meant to change.
    /// </summary>
    private static void RejectUnknownSettings(IConfiguration configuration)
    {
        var known = typeof(ServerOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = configuration.GetSection(ServerOptions.SectionName).GetChildren().Select(c => c.Key).Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ServerStartupException(
                $"unknown setting {string.Join(", ", unknown.Select(k => $"{ServerOptions.SectionName}:{k}"))}; the settings are {string.Join(", ", known.Order(StringComparer.Ordinal))} (docs/server.md)");
        }
    }

    private static void Configure(WebApplicationBuilder builder, ServerOverrides overrides)
    {
        // Quiet defaults under everything else (appsettings, environment, command line override them): one
        // line per request from ASP.NET Core is noise for a server that logs its own failures.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

                // A failed start is reported once, as one line, by RunAsync (the host would add a stack trace).
                ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
            },
        });
        var settings = new Dictionary<string, string?>();
        if (overrides.ModelsDirectory is { } models)
        {
            settings[$"{ServerOptions.SectionName}:{nameof(ServerOptions.ModelsDirectory)}"] = models;
        }

        if (overrides.DataDirectory is { } data)
        {
            settings[$"{ServerOptions.SectionName}:{nameof(ServerOptions.DataDirectory)}"] = data;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var configured = UrlKeys.Any(key => !string.IsNullOrEmpty(builder.Configuration[key]))
            || builder.Configuration.GetSection("Kestrel:Endpoints").Exists();
        if (overrides.Urls is { } urls)
        {
            ListenAddresses.Check(urls, "--urls");
            builder.WebHost.UseUrls(urls);
        }
        else if (builder.Configuration["urls"] is { Length: > 0 } configuredUrls)
        {
            ListenAddresses.Check(configuredUrls, "the urls setting or ASPNETCORE_URLS");
        }
        else if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddSingleton(sp => ServerPaths.Resolve(
            sp.GetRequiredService<IOptions<ServerOptions>>().Value,
            [sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, AppContext.BaseDirectory]));
        services.AddSingleton(sp => ModelCatalog.Load(
            sp.GetRequiredService<ServerPaths>().ModelsDirectory,
            sp.GetRequiredService<IOptions<ServerOptions>>().Value.ToPredictorOptions()));
        services.AddSingleton(sp => OpenStore(sp.GetRequiredService<ServerPaths>().DataDirectory, sp.GetRequiredService<ILogger<PredictionStore>>()));
        services.AddSingleton(sp => new ImageStore(Path.Combine(sp.GetRequiredService<ServerPaths>().DataDirectory, "images")));
        services.TryAddSingleton<IDicomDecoder, GdcmDicomDecoder>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ServerOptions>>().Value.ToRetentionPolicy());
        services.AddSingleton(sp => new PredictionArchive(
            sp.GetRequiredService<PredictionStore>(),
            sp.GetRequiredService<ImageStore>(),
            sp.GetRequiredService<ILogger<PredictionArchive>>(),
            sp.GetRequiredService<RetentionPolicy>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UploadDecoder>();
        services.AddSingleton<PredictionService>();
        services.AddSingleton<PredictionImages>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<StartupCheck>();
        services.AddHostedService<RetentionSweeper>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Type ??= ProblemTypes.For(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton<PredictionLimiter>();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Fracture API";
            document.Info.Description = "Find and classify bone fractures in X-ray images (JPEG, PNG, TIFF, DICOM). Errors are application/problem+json.";
            return Task.CompletedTask;
        }));
    }

    private static void UsePipeline(WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ProblemWriter.WriteStatusCodePageAsync);
        app.UseMiddleware<LoopbackHostMiddleware>();
        app.UseMiddleware<CrossSiteRequestMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapPredictionEndpoints();
        app.MapModelEndpoints();
        app.MapHealthEndpoints();
        app.MapOpenApi();

        // The reference's script is embedded in Scalar.AspNetCore and served from here: the page works offline, and
        // nothing in it calls out (no web fonts, telemetry, AI chat or hosted developer tools).
        app.MapScalarApiReference("/api-docs", scalar =>
        {
            scalar.WithTitle("Fracture API").DisableDefaultFonts();
            scalar.Telemetry = false;
            scalar.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            scalar.Agent = new ScalarAgentOptions { Disabled = true };
        });
    }

    private static PredictionStore OpenStore(string dataDirectory, ILogger<PredictionStore> logger)
    {
        var path = Path.Combine(dataDirectory, "fracture.db");
        try
        {
            return new PredictionStore(path, logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new ServerStartupException($"cannot open the prediction history {path}: {e.Message}; set {ServerOptions.SectionName}:DataDirectory (fracture serve --data DIR) to a writable folder", e);
        }
    }

    // The page is copied beside the assembly, so it is found wherever the server runs from (its own project, or
    // the CLI's output folder for `fracture serve`); without the copy the default (content root/wwwroot) stays.
    private static string? WebRoot()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(beside) ? beside : null;
    }
}
