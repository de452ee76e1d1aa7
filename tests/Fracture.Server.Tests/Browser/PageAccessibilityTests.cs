using Fracture.Server.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fracture.Server.Tests.Browser;

/// <summary>
/// The page for keyboard, screen-reader and phone users: a result is announced, a skip link reaches the viewer before
/// the history, focus lands on a control when Cancel or Delete goes away, and at 375 px nothing overflows sideways and a
/// new result is scrolled into view.
/// </summary>
public sealed class PageAccessibilityTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_result_is_announced_in_a_polite_live_region()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var announcer = session.Page.GetByTestId("announcer");
        await Expect(announcer).ToHaveAttributeAsync("aria-live", "polite");

        var prediction = await session.UploadAsync(BrowserTestPaths.SecondXray);

        var suspected = prediction.GetProperty("verdict").GetProperty("fractureSuspected").GetBoolean();
        await Expect(announcer).ToContainTextAsync(Path.GetFileName(BrowserTestPaths.SecondXray));
        await Expect(announcer).ToContainTextAsync(suspected ? "Fracture suspected" : "No fracture suspected");
    }

    [Fact]
    public async Task The_skip_link_is_the_first_stop_and_leads_to_the_viewers_controls()
    {
        // Enough history entries that tabbing through them would be the long way round.
        await AddHistoryAsync("skip", 5);

        var page = await fixture.OpenPageAsync();
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByTestId("skip-link");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeVisibleAsync();
        await Expect(skip).ToHaveTextAsync("Skip to result");

        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");

        await Expect(page.GetByTestId("conf-slider")).ToBeFocusedAsync();
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        Assert.Equal("", new Uri(page.Url).Fragment);
    }

    [Fact]
    public async Task Focus_goes_to_the_upload_control_after_cancel_and_after_delete()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var page = session.Page;
        await session.UploadAsync(BrowserTestPaths.SecondXray);
        var fileInput = page.GetByTestId("file-input");
        await session.HoldUploadsAsync();
        await fileInput.SetInputFilesAsync(BrowserTestPaths.XrayWithFindings);
        var cancel = page.GetByTestId("cancel-upload");
        await cancel.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(cancel).ToBeHiddenAsync();
        await Expect(fileInput).ToBeFocusedAsync();
        await session.ReleaseUploadsAsync();

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var delete = page.GetByTestId("delete-prediction");
        await delete.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("verdict-panel")).ToBeHiddenAsync();
        await Expect(fileInput).ToBeFocusedAsync();
    }

    [Fact]
    public async Task At_375_px_nothing_overflows_sideways_and_a_new_result_is_scrolled_into_view()
    {
        // A history long enough that the viewer starts below the window on a phone.
        await AddHistoryAsync("phone", 8);

        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var page = session.Page;
        await page.SetViewportSizeAsync(375, 800);
        Assert.True(await PageWidthAsync(page) <= 375, $"the page is {await PageWidthAsync(page)} px wide at 375 px");
        await Expect(page.GetByText("Settings", new() { Exact = true })).ToBeInViewportAsync(new() { Ratio = 1 });

        await page.GetByText("Settings", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.True(await PageWidthAsync(page) <= 375, $"with Settings open the page is {await PageWidthAsync(page)} px wide");
        await page.GetByText("Settings", new() { Exact = true }).ClickAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");

        await session.UploadAsync(BrowserTestPaths.XrayWithFindings);

        var top = await page.EvaluateAsync<double>("() => document.querySelector('.viewer-column').getBoundingClientRect().top");
        Assert.InRange(top, -1, 40);
        Assert.True(await PageWidthAsync(page) <= 375, $"with a result the page is {await PageWidthAsync(page)} px wide");
        await session.ScreenshotAsync("phone-result");
    }

    /// <summary>Stores count classifier predictions through the API (prefix-0.jpg and on), for a longer history.</summary>
    private async Task AddHistoryAsync(string prefix, int count)
    {
        var bytes = await File.ReadAllBytesAsync(BrowserTestPaths.SecondXray);
        for (var i = 0; i < count; i++)
        {
            using var response = await Uploads.PostAsync(fixture.Http, bytes, $"{prefix}-{i}.jpg", task: "classify");
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }
    }

    private static Task<int> PageWidthAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
