using Fracture.Server.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fracture.Server.Tests.Browser;

/// <summary>The history lists a page of predictions and shows older ones on demand, until there are no more.</summary>
public sealed class HistoryPageTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Show_older_lists_the_predictions_beyond_the_first_page_each_once_even_double_clicked()
    {
        var bytes = File.ReadAllBytes(BrowserTestPaths.SecondXray);
        for (var i = 0; i < 23; i++)
        {
            using var response = await Uploads.PostAsync(fixture.Http, bytes, $"study-{i:00}.jpg", task: "classify");
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }

        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var entries = session.Page.GetByTestId("history-item");
        var more = session.Page.GetByTestId("history-more");
        await Expect(entries).ToHaveCountAsync(20);
        await Expect(more).ToBeVisibleAsync();

        // Double-clicked, as users do: the second click, while the first page is on its way, must not list it twice.
        await more.DblClickAsync();

        await Expect(entries).ToHaveCountAsync(23);
        await Expect(more).ToBeHiddenAsync();
        await session.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        Assert.Equal(23, await entries.CountAsync());
        var names = await session.Page.Locator("[data-testid=history-item] .history-name").AllInnerTextsAsync();
        Assert.Equal(Enumerable.Range(0, 23).Reverse().Select(i => $"study-{i:00}.jpg"), names);
    }
}
