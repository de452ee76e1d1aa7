using System.Net;
using System.Text.Json;
using Fracture.Server.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fracture.Server.Tests.Browser;

/// <summary>The page against a server with an API key: without it the 401 reaches the alert, which says to enter it
/// under Settings, opened and focused; once entered it is sent with every request (the stored image too, which an img
/// src could not do), and a prediction the address links to opens.</summary>
public sealed class ApiKeyPageTests(ApiKeyBrowserFixture fixture, ITestOutputHelper output) : IClassFixture<ApiKeyBrowserFixture>
{
    [Fact]
    public async Task Without_the_key_the_page_says_so_and_with_it_an_upload_is_shown()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var alert = session.Alert;
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("HTTP 401");

        // The page's own words (the server's are for API clients), and the field open and ready for the key.
        await Expect(alert).ToContainTextAsync("enter it under Settings");
        await Expect(session.Page.GetByLabel("API key")).ToBeVisibleAsync();
        await Expect(session.Page.GetByLabel("API key")).ToBeFocusedAsync();
        await session.Page.GetByLabel("API key").FillAsync(ApiKeyBrowserFixture.Key);
        await session.Page.GetByLabel("API key").PressAsync("Enter");
        await Expect(alert).ToBeHiddenAsync();

        var prediction = await session.UploadAsync(BrowserTestPaths.SecondXray);
        var expected = PageSession.ConfidencesAtOrAbove(prediction, await session.ThresholdAsync()).Count;
        await Expect(session.Rows).ToHaveCountAsync(expected);
        var natural = await session.Page.GetByTestId("xray-image").EvaluateAsync<int>("i => i.naturalWidth");
        Assert.Equal(prediction.GetProperty("image").GetProperty("width").GetInt32(), natural);
        Assert.Equal(ApiKeyBrowserFixture.Key,
            await session.Page.EvaluateAsync<string>("() => localStorage.getItem('fracture.apiKey')"));
        await session.ScreenshotAsync("api-key-upload");
    }

    [Fact]
    public async Task A_linked_prediction_opens_once_the_key_is_entered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Uploads.Endpoint, UriKind.Relative))
        {
            Content = Uploads.Form(File.ReadAllBytes(BrowserTestPaths.SecondXray), "linked.jpg", task: "classify"),
        };
        request.Headers.Add("X-Api-Key", ApiKeyBrowserFixture.Key);
        using var response = await fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString()!;

        // A fresh browser (no key kept) opens the link: the prediction is refused until the key comes.
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        await session.Page.GotoAsync($"/#{id}");
        await session.Page.ReloadAsync();
        await session.Page.WaitForSelectorAsync("body[data-ready='true']");
        await Expect(session.Alert).ToContainTextAsync("HTTP 401");

        await session.Page.GetByLabel("API key").FillAsync(ApiKeyBrowserFixture.Key);
        await session.Page.GetByLabel("API key").PressAsync("Enter");

        await session.WaitUntilShownAsync(id);
        await Expect(session.Page.GetByTestId("verdict-panel")).ToBeVisibleAsync();
        await Expect(session.Alert).ToBeHiddenAsync();
    }
}
