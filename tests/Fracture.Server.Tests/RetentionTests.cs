using System.Net;
using System.Text.Json;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;
using Fracture.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Fracture.Server.Tests;

/// <summary>
/// <c>MaxStoredPredictionAgeDays</c> on the running server: predictions past the age go with their images on an idle
/// server; younger ones and images a kept prediction uses stay. The clock is a fake one moved by the test (storing's
/// own trim is <see cref="PredictionArchiveRetentionTests"/>, away from the sweeper's timer).
/// </summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task An_idle_server_deletes_predictions_once_they_pass_the_age()
    {
        using var factory = Factory(ageDays: "1");
        using var client = factory.CreateClient();
        var old = await PostAsync(client, 0);
        _time.Advance(TimeSpan.FromHours(12));
        var young = await PostAsync(client, 1);

        // One sweep period (an hour) past the old one's age: no request in between.
        _time.Advance(TimeSpan.FromHours(13));
        await WaitUntilAsync(() => StoredImageFiles.In(_data.Path).Count == 1);

        Assert.Equal([young.Id], await ListedIdsAsync(client));
        await Problems.AssertProblemAsync(await Uploads.GetAsync(client, old.Links.Self), HttpStatusCode.NotFound);
        Assert.Contains(young.Image.Sha256, Assert.Single(StoredImageFiles.In(_data.Path)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_a_younger_prediction_uses_stays_when_the_older_one_expires()
    {
        using var factory = Factory(ageDays: "1");
        using var client = factory.CreateClient();
        var old = await PostAsync(client, 0);
        _time.Advance(TimeSpan.FromHours(20));
        var again = await PostAsync(client, 0);
        _time.Advance(TimeSpan.FromHours(5));

        var other = await PostAsync(client, 1);

        Assert.Equal(old.Image.Sha256, again.Image.Sha256);
        Assert.Equal([other.Id, again.Id], await ListedIdsAsync(client));
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(client, again.Links.Image)).StatusCode);
    }

    [Fact]
    public async Task Without_an_age_nothing_is_deleted_however_old()
    {
        using var factory = Factory(ageDays: null);
        using var client = factory.CreateClient();
        var first = await PostAsync(client, 0);
        _time.Advance(TimeSpan.FromDays(3650));

        var second = await PostAsync(client, 1);

        Assert.Equal([second.Id, first.Id], await ListedIdsAsync(client));
        Assert.Equal(2, StoredImageFiles.In(_data.Path).Count);
    }

    public void Dispose() => _data.Dispose();

    private ServerFactory Factory(string? ageDays) =>
        new(_data.Path, ageDays is null ? null : new() { ["Fracture:Server:MaxStoredPredictionAgeDays"] = ageDays }, time: _time);

    private static async Task<Prediction> PostAsync(HttpClient client, int fixture)
    {
        using var response = await Uploads.PostAsync(client, File.ReadAllBytes(TestPaths.FixtureImages[fixture]), $"{fixture}.jpg", task: "classify");
        return await Uploads.ReadPredictionAsync(response);
    }

    private static async Task<List<string>> ListedIdsAsync(HttpClient client)
    {
        using var response = await Uploads.GetAsync(client, "/api/v1/predictions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await JsonSerializer.DeserializeAsync<PredictionList>(await response.Content.ReadAsStreamAsync(), ServerJson.Options);
        return [.. list!.Items.Select(i => i.Id)];
    }

    // The sweep runs on the thread pool after the fake clock's tick; wait for its effect, failing after 30 s.
    private static async Task WaitUntilAsync(Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!done())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
