using System.Net;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>
/// DELETE /api/v1/predictions/{id}: the row goes, and its image with it once no other prediction was made on the
/// same bytes; refusals are ProblemDetails.
/// </summary>
public sealed class DeletionTests : ServerTestBase
{
    [Fact]
    public async Task Deleting_a_prediction_removes_it_from_the_history_and_its_image_from_disk()
    {
        var kept = await PostFixtureAsync(1, task: "classify");
        var deleted = await PostFixtureAsync(0, task: "classify");
        var image = StoredImages().Single(f => f.Contains(deleted.Image.Sha256, StringComparison.Ordinal));

        using var response = await Client.DeleteAsync(new Uri(deleted.Links.Self, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(File.Exists(image));
        await Problems.AssertProblemAsync(await Uploads.GetAsync(Client, deleted.Links.Self), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Uploads.GetAsync(Client, deleted.Links.Image), HttpStatusCode.NotFound);
        var list = await GetJsonAsync<PredictionList>("/api/v1/predictions");
        Assert.Equal([kept.Id], list.Items.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(Client, kept.Links.Image)).StatusCode);
    }

    [Fact]
    public async Task An_image_shared_by_two_predictions_stays_until_both_are_deleted()
    {
        var first = await PostFixtureAsync(0, task: "classify");
        var second = await PostFixtureAsync(0, task: "classify");
        Assert.Equal(first.Image.Sha256, second.Image.Sha256);
        var image = Assert.Single(StoredImages());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(new Uri(first.Links.Self, UriKind.Relative))).StatusCode);
        Assert.True(File.Exists(image));
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(Client, second.Links.Image)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(new Uri(second.Links.Self, UriKind.Relative))).StatusCode);
        Assert.Empty(StoredImages());
    }

    [Fact]
    public async Task Deleting_twice_is_404_and_a_malformed_id_is_400()
    {
        var prediction = await PostFixtureAsync(0, task: "classify");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(new Uri(prediction.Links.Self, UriKind.Relative))).StatusCode);

        await Problems.AssertProblemAsync(await Client.DeleteAsync(new Uri(prediction.Links.Self, UriKind.Relative)), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Client.DeleteAsync(new Uri("/api/v1/predictions/..%2F..%2Ffracture.db", UriKind.Relative)), HttpStatusCode.BadRequest);
        Assert.True(File.Exists(Path.Combine(DataDirectory, "fracture.db")));
    }

    [Fact]
    public async Task A_capped_history_deletes_the_oldest_prediction_and_its_image_as_a_new_one_is_stored()
    {
        using var data = new TempDirectory();
        using var factory = new ServerFactory(data.Path, new() { ["Fracture:Server:MaxStoredPredictions"] = "2" });
        using var client = factory.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await Uploads.PostAsync(client, FixtureBytes(i), $"{i}.jpg", task: "classify");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await System.Text.Json.JsonSerializer.DeserializeAsync<Prediction>(await response.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!.Id);
        }

        using var list = await Uploads.GetAsync(client, "/api/v1/predictions");
        var items = (await System.Text.Json.JsonSerializer.DeserializeAsync<PredictionList>(await list.Content.ReadAsStreamAsync(), Storage.ServerJson.Options))!.Items;
        Assert.Equal([ids[2], ids[1]], items.Select(i => i.Id));
        Assert.Equal(2, StoredImageFiles.In(data.Path).Count);
    }

    private List<string> StoredImages() => StoredImageFiles.In(DataDirectory);
}
