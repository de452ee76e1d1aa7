using System.Net;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>The history pages with a cursor: every stored prediction is reachable, each once, newest first.</summary>
public sealed class ListPagingTests : ServerTestBase
{
    [Fact]
    public async Task Following_next_walks_every_prediction_once_newest_first_and_the_last_page_has_no_next()
    {
        var posted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            posted.Add((await PostFixtureAsync(i % 2, task: "classify")).Id);
        }

        var seen = new List<string>();
        var pages = 0;
        string? link = "/api/v1/predictions?limit=2";
        while (link is not null)
        {
            var page = await GetJsonAsync<PredictionList>(link);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(i => i.Id));
            link = page.Next;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(posted), seen);
        Assert.Null((await GetJsonAsync<PredictionList>("/api/v1/predictions?limit=5")).Next);
    }

    [Fact]
    public async Task A_cursor_that_names_no_prediction_is_404_and_a_malformed_one_400()
    {
        var prediction = await PostFixtureAsync(0, task: "classify");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(new Uri(prediction.Links.Self, UriKind.Relative))).StatusCode);

        await Problems.AssertProblemAsync(await Uploads.GetAsync(Client, $"/api/v1/predictions?before={prediction.Id}"), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Uploads.GetAsync(Client, "/api/v1/predictions?before=x'--"), HttpStatusCode.BadRequest);
    }
}
