using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fracture.Server.Tests.Browser;

/// <summary>The page against a server with an API key: without it the 401 reaches the alert; once entered under
/// Settings it is sent with every request (the stored image too, which an img src could not do).</summary>
public sealed class ApiKeyPageTests(ApiKeyBrowserFixture fixture, ITestOutputHelper output) : IClassFixture<ApiKeyBrowserFixture>
{
    [Fact]
    public async Task Without_the_key_the_page_says_so_and_with_it_an_upload_is_shown()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var alert = session.Alert;
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("HTTP 401");

        await session.Page.GetByText("Settings").ClickAsync();
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
}
