using System.Net;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>
/// A stored row the server cannot read back (JSON that does not parse, a format it does not know: a newer version's
/// row after a downgrade, or a hand edit) costs only that row: the history lists and pages past it, opening it is a
/// 500 that names it and says how to remove it, and deleting it works.
/// </summary>
public sealed class DamagedRowTests : ServerTestBase
{
    [Theory]
    [InlineData("json", "{\"id\": ")]
    [InlineData("json", "null")]
    [InlineData("format", "webp")]
    public async Task Opening_a_damaged_row_is_a_500_that_names_it_and_deleting_it_works(string column, string value)
    {
        var prediction = await PostFixtureAsync(0, task: "classify");
        var image = Assert.Single(StoredImageFiles.In(DataDirectory));
        StoredRows.Set(DataDirectory, prediction.Id, column, value);

        foreach (var link in new[] { prediction.Links.Self, prediction.Links.Image })
        {
            var problem = await Problems.AssertProblemAsync(await Uploads.GetAsync(Client, link), HttpStatusCode.InternalServerError);
            Assert.Equal("Stored prediction unreadable", problem.GetProperty("title").GetString());
            Assert.Contains($"prediction {prediction.Id} cannot be read", Problems.Detail(problem), StringComparison.Ordinal);
            Assert.Contains("DELETE", Problems.Detail(problem), StringComparison.Ordinal);
            Assert.DoesNotContain(DataDirectory, Problems.Detail(problem), StringComparison.Ordinal);
        }

        using var response = await Client.DeleteAsync(new Uri(prediction.Links.Self, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(File.Exists(image));
        await Problems.AssertProblemAsync(await Uploads.GetAsync(Client, prediction.Links.Self), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_history_pages_past_a_row_whose_json_cannot_be_read()
    {
        var oldest = await PostFixtureAsync(0, task: "classify");
        var damaged = await PostFixtureAsync(1, task: "classify");
        var newest = await PostFixtureAsync(2, task: "classify");
        StoredRows.Set(DataDirectory, damaged.Id, "json", "{\"id\": ");

        Assert.Equal([newest.Id, oldest.Id], (await GetJsonAsync<PredictionList>("/api/v1/predictions")).Items.Select(i => i.Id));
        // One per page: the damaged row sits where the first page looks for a next one, and is no end of the list.
        var first = await GetJsonAsync<PredictionList>("/api/v1/predictions?limit=1");
        Assert.Equal([newest.Id], first.Items.Select(i => i.Id));
        Assert.NotNull(first.Next);
        var second = await GetJsonAsync<PredictionList>(first.Next);
        Assert.Equal([oldest.Id], second.Items.Select(i => i.Id));
        Assert.Null(second.Next);
    }
}
