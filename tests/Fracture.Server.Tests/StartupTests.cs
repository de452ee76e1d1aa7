using Fracture.Server.Models;
using Fracture.Server.Tests.Support;
using Microsoft.Extensions.Options;

namespace Fracture.Server.Tests;

/// <summary>A server that cannot work refuses to start, with one message naming the setting or file to fix.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _models = new();

    public void Dispose()
    {
        _data.Dispose();
        _models.Dispose();
    }

    [Theory]
    [InlineData("MaxConcurrentPredictions", "0", "Fracture:Server:MaxConcurrentPredictions must be at least 1")]
    [InlineData("QueueLimit", "-1", "Fracture:Server:QueueLimit must be 0 or more")]
    [InlineData("IntraOpThreads", "-1", "Fracture:Server:IntraOpThreads must be 0 (ONNX Runtime chooses) to 256")]
    [InlineData("MaxUploadBytes", "0", "Fracture:Server:MaxUploadBytes must be at least 1 byte")]
    [InlineData("MaxPixels", "0", "Fracture:Server:MaxPixels must be at least 1")]
    [InlineData("RequestTimeoutSeconds", "0", "Fracture:Server:RequestTimeoutSeconds must be a positive number")]
    [InlineData("RequestTimeoutSeconds", "5000000", "Fracture:Server:RequestTimeoutSeconds must be a positive number of seconds up to 86400")]
    [InlineData("MaxUploadBytes", "9223372036854775807", "Fracture:Server:MaxUploadBytes must be at least 1 byte and at most 2000000000")]
    [InlineData("DefaultConfidence", "1.5", "Fracture:Server:DefaultConfidence must be between 0 and 1")]
    [InlineData("Iou", "0", "Fracture:Server:Iou must be above 0 and at most 1")]
    [InlineData("Iou", "1.5", "Fracture:Server:Iou must be above 0 and at most 1")]
    [InlineData("Iou", "NaN", "Fracture:Server:Iou must be above 0 and at most 1")]
    [InlineData("ApiKey", " ", "Fracture:Server:ApiKey must not be blank")]
    [InlineData("ApiKey", "clé-secrète", "Fracture:Server:ApiKey must be printable ASCII letters, digits and signs, without spaces")]
    [InlineData("ApiKey", "two words", "Fracture:Server:ApiKey must be printable ASCII letters, digits and signs, without spaces")]
    [InlineData("MaxStoredPredictions", "-1", "Fracture:Server:MaxStoredPredictions must be 0 (keep all) or more")]
    [InlineData("MaxStoredPredictionAgeDays", "-1", "Fracture:Server:MaxStoredPredictionAgeDays must be 0 (keep all) to 36500 days")]
    [InlineData("MaxStoredPredictionAgeDays", "NaN", "Fracture:Server:MaxStoredPredictionAgeDays must be 0 (keep all) to 36500 days")]
    [InlineData("MaxStoredPredictionAgeDays", "1e9", "Fracture:Server:MaxStoredPredictionAgeDays must be 0 (keep all) to 36500 days")]
    public async Task A_bad_setting_stops_the_start_with_its_key_and_rule(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync($"--Fracture:Server:{key}={value}"));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Fracture:Server:MaxConcurentPredictions=4", "unknown setting Fracture:Server:MaxConcurentPredictions; the settings are ApiKey, DataDirectory, ")]
    [InlineData("--Fracture:Server:Ioy=0.6", "unknown setting Fracture:Server:Ioy; ")]
    public async Task A_setting_that_names_nothing_stops_the_start(string setting, string message)
    {
        // The binder would drop it, and the server would run with the default the user meant to change.
        var error = await Assert.ThrowsAsync<ServerStartupException>(() => StartAsync(setting));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_are_matched_without_regard_to_case()
    {
        await StartAsync("--fracture:server:queuelimit=3");
    }

    [Fact]
    public async Task A_retention_age_of_a_few_microseconds_starts_and_sweeps_once_a_second()
    {
        // 1e-10 days = 8.6 microseconds: a sweep period of a quarter of it is below PeriodicTimer's 1 ms.
        await StartAsync("--Fracture:Server:MaxStoredPredictionAgeDays=1e-10");
    }

    [Fact]
    public async Task A_missing_models_folder_stops_the_start()
    {
        var missing = Path.Combine(_models.Path, "nowhere");
        var error = await Assert.ThrowsAsync<ServerStartupException>(() => StartAsync($"--Fracture:Server:ModelsDirectory={missing}"));
        Assert.Contains($"models folder {missing} does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_models_folder_without_a_model_stops_the_start()
    {
        File.WriteAllText(Path.Combine(_models.Path, "README.md"), "no models here");
        var error = await Assert.ThrowsAsync<ServerStartupException>(() => StartAsync($"--Fracture:Server:ModelsDirectory={_models.Path}"));
        Assert.Contains("has no .onnx model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_model_stops_the_start_naming_it()
    {
        File.WriteAllText(Path.Combine(_models.Path, "broken.onnx"), "not a protobuf");
        var error = Assert.Throws<ServerStartupException>(() => ModelCatalog.Load(_models.Path));
        Assert.Contains("broken.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_models_for_one_task_stop_the_start()
    {
        var detector = Path.Combine(TestPaths.Models, "fracture-detector.onnx");
        File.Copy(detector, Path.Combine(_models.Path, "a-detector.onnx"));
        File.Copy(detector, Path.Combine(_models.Path, "b-detector.onnx"));
        var error = Assert.Throws<ServerStartupException>(() => ModelCatalog.Load(_models.Path));
        Assert.Contains("a-detector and b-detector are all detect models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_loads_its_models_from_the_configured_folder()
    {
        File.Copy(Path.Combine(TestPaths.Models, "fracture-classifier.onnx"), Path.Combine(_models.Path, "only-classifier.onnx"));
        using var factory = new ServerFactory(_data.Path, new() { ["Fracture:Server:ModelsDirectory"] = _models.Path }, loadModels: true);
        using var client = factory.CreateClient();
        var models = await client.GetStringAsync(new Uri("/api/v1/models", UriKind.Relative));
        Assert.Contains("\"id\":\"only-classifier\"", models, StringComparison.Ordinal);
        Assert.DoesNotContain("fracture-detector", models, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_data_folder_stops_the_start()
    {
        // A file where the data folder should be: nothing can be created under it.
        var blocked = Path.Combine(_data.Path, "file");
        File.WriteAllText(blocked, "x");
        var error = await Assert.ThrowsAsync<ServerStartupException>(() => StartAsync($"--Fracture:Server:DataDirectory={blocked}"));
        Assert.Contains("cannot open the prediction history", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Builds the server as Program does and starts it on a free loopback port (the in-memory factory would only
    /// see Program exit, since Program turns a failed start into a message and exit code 1).
    /// </summary>
    private async Task StartAsync(params string[] settings)
    {
        string[] args = ["--urls=http://127.0.0.1:0", $"--Fracture:Server:DataDirectory={_data.Path}", $"--Fracture:Server:ModelsDirectory={TestPaths.Models}", .. settings];
        await using var app = FractureServerApp.Build(args);
        await app.StartAsync();
        await app.StopAsync();
    }
}
