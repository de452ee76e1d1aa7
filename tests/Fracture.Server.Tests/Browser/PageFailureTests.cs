using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fracture.Server.Tests.Browser;

/// <summary>
/// The page when things go wrong around a prediction: a refused or cancelled upload is named, and a study left on screen
/// is marked as the previous one; an upload refused while another study is opened still says so;
/// an upload that hangs can be cancelled; a prediction whose image cannot be fetched still shows its verdict and
/// findings, and one whose image is slow still gets it when a later upload is refused; a deleted prediction leaves the
/// page and the history.
/// </summary>
public sealed class PageFailureTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string Refusal = """{"type":"about:blank","title":"Undecodable image","status":422,"detail":"JPEG: image data is corrupt"}""";

    [Fact]
    public async Task An_upload_refused_while_another_prediction_opens_is_still_reported()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var first = await session.UploadAsync(BrowserTestPaths.XrayWithFindings);
        await session.UploadAsync(BrowserTestPaths.SecondXray);
        var held = new TaskCompletionSource();
        await session.Page.RouteAsync("**/api/v1/predictions", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            await held.Task;
            await route.FulfillAsync(new() { Status = 422, ContentType = "application/problem+json", Body = Refusal });
        });

        await session.Page.GetByTestId("file-input").SetInputFilesAsync(BrowserTestPaths.XrayWithFindings);
        await Expect(session.Page.GetByTestId("busy")).ToBeVisibleAsync();
        var firstId = first.GetProperty("id").GetString()!;
        await session.Page.Locator($"[data-testid=history-item][data-id='{firstId}']").ClickAsync();
        await session.Page.WaitForSelectorAsync($"body[data-prediction-id='{firstId}']");
        held.SetResult();

        await Expect(session.Alert).ToContainTextAsync("Undecodable image");
        await Expect(session.Alert).ToContainTextAsync(Path.GetFileName(BrowserTestPaths.XrayWithFindings));
        await Expect(session.Page.GetByTestId("busy")).ToBeHiddenAsync();
        Assert.Equal(firstId, await session.Page.EvaluateAsync<string>("() => document.body.dataset.predictionId"));
    }

    [Fact]
    public async Task A_refused_or_cancelled_upload_is_named_and_the_study_left_on_screen_is_marked_as_the_previous_one()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        await session.UploadAsync(BrowserTestPaths.SecondXray);
        var shown = Path.GetFileName(BrowserTestPaths.SecondXray);
        var note = session.Page.GetByTestId("previous-note");
        await Expect(note).ToBeHiddenAsync();
        using var folder = new Support.TempDirectory();
        var cut = Path.Combine(folder.Path, "trunc.jpg");
        var jpeg = await File.ReadAllBytesAsync(BrowserTestPaths.SecondXray);
        await File.WriteAllBytesAsync(cut, jpeg[..(jpeg.Length / 2)]);

        await session.Page.GetByTestId("file-input").SetInputFilesAsync(cut);

        await Expect(session.Alert).ToContainTextAsync("trunc.jpg: ");
        await Expect(session.Alert).ToContainTextAsync("HTTP 422");
        await Expect(note).ToBeVisibleAsync();
        await Expect(note).ToHaveTextAsync($"Showing the previous study, {shown}; trunc.jpg was not analysed.");

        // Cancelled: the same line, naming the cancelled file.
        await session.HoldUploadsAsync();
        var cancelled = Path.GetFileName(BrowserTestPaths.XrayWithFindings);
        await session.Page.GetByTestId("file-input").SetInputFilesAsync(BrowserTestPaths.XrayWithFindings);
        await Expect(note).ToBeHiddenAsync();
        await session.Page.GetByTestId("cancel-upload").ClickAsync();
        await Expect(session.Alert).ToContainTextAsync($"Upload of {cancelled} cancelled");
        await Expect(note).ToHaveTextAsync($"Showing the previous study, {shown}; {cancelled} was not analysed.");
        await session.ScreenshotAsync("previous-study-marked");

        // The next study shown is the one asked for: the line goes.
        await session.ReleaseUploadsAsync();
        await session.UploadAsync(BrowserTestPaths.XrayWithFindings);
        await Expect(note).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_upload_that_hangs_can_be_cancelled_and_the_page_takes_the_next_one()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var released = new TaskCompletionSource();
        await session.Page.RouteAsync("**/api/v1/predictions", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            // Never answered while the test runs: a server or network that has gone quiet.
            await released.Task;
            try
            {
                await route.AbortAsync();
            }
            catch (PlaywrightException)
            {
                // The page has already cancelled the request.
            }
        });
        var cancel = session.Page.GetByTestId("cancel-upload");
        await Expect(cancel).ToBeHiddenAsync();

        await session.Page.GetByTestId("file-input").SetInputFilesAsync(BrowserTestPaths.XrayWithFindings);
        await Expect(session.Page.GetByTestId("busy")).ToBeVisibleAsync();
        await Expect(session.Page.GetByTestId("file-input")).ToBeDisabledAsync();
        await cancel.ClickAsync();

        await Expect(session.Alert).ToContainTextAsync($"Upload of {Path.GetFileName(BrowserTestPaths.XrayWithFindings)} cancelled");
        await Expect(session.Page.GetByTestId("busy")).ToBeHiddenAsync();
        await Expect(cancel).ToBeHiddenAsync();
        await Expect(session.Page.GetByTestId("file-input")).ToBeEnabledAsync();
        released.SetResult();
        await session.Page.UnrouteAsync("**/api/v1/predictions");

        var next = await session.UploadAsync(BrowserTestPaths.SecondXray);
        Assert.Equal(Path.GetFileName(BrowserTestPaths.SecondXray), next.GetProperty("image").GetProperty("fileName").GetString());
        await Expect(session.Alert).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_opened_prediction_gets_its_image_when_an_upload_started_meanwhile_is_refused()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var first = await session.UploadAsync(BrowserTestPaths.XrayWithFindings);
        await session.UploadAsync(BrowserTestPaths.SecondXray);
        var firstId = first.GetProperty("id").GetString()!;
        var held = new TaskCompletionSource();
        await session.Page.RouteAsync($"**/api/v1/predictions/{firstId}/image", async route =>
        {
            await held.Task;
            await route.ContinueAsync();
        });

        await session.Page.Locator($"[data-testid=history-item][data-id='{firstId}']").ClickAsync();
        await session.Page.WaitForSelectorAsync($"body[data-prediction-id='{firstId}']");
        using var folder = new Support.TempDirectory();
        var text = Path.Combine(folder.Path, "notes.txt");
        await File.WriteAllTextAsync(text, "not an X-ray\n");
        await session.Page.GetByTestId("file-input").SetInputFilesAsync(text);
        await Expect(session.Alert).ToContainTextAsync("HTTP 415");
        held.SetResult();

        // The refused upload showed nothing, so the opened prediction's image belongs on the page.
        await session.WaitUntilShownAsync(firstId);
        await Expect(session.Page.GetByTestId("xray-image")).ToBeVisibleAsync();
        await Expect(session.Page.GetByTestId("download-png")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Cancel_goes_once_the_uploads_answer_is_in_hand_while_its_image_still_loads()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var held = new TaskCompletionSource();
        await session.Page.RouteAsync("**/api/v1/predictions/*/image", async route =>
        {
            await held.Task;
            await route.ContinueAsync();
        });
        var answered = session.Page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/predictions", StringComparison.Ordinal));

        await session.Page.GetByTestId("file-input").SetInputFilesAsync(BrowserTestPaths.SecondXray);
        using var created = JsonDocument.Parse(await (await answered).TextAsync());
        var id = created.RootElement.GetProperty("id").GetString()!;
        await session.Page.WaitForSelectorAsync($"body[data-prediction-id='{id}']");

        // Nothing is left to cancel: the prediction is stored; the next file may go while the image loads.
        await Expect(session.Page.GetByTestId("cancel-upload")).ToBeHiddenAsync();
        await Expect(session.Page.GetByTestId("busy")).ToBeHiddenAsync();
        await Expect(session.Page.GetByTestId("file-input")).ToBeEnabledAsync();
        held.SetResult();
        await session.WaitUntilShownAsync(id);
        await Expect(session.Page.GetByTestId("xray-image")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_prediction_whose_image_cannot_be_fetched_still_shows_its_verdict_and_findings()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        await session.Page.RouteAsync("**/image", route => route.FulfillAsync(new()
        {
            Status = 429,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
            Body = """{"title":"Too many requests","status":429,"detail":"every prediction slot is busy"}""",
        }));

        var prediction = await session.UploadAsync(BrowserTestPaths.XrayWithFindings);

        await Expect(session.Page.GetByTestId("verdict-panel")).ToBeVisibleAsync();
        await Expect(session.Rows).ToHaveCountAsync(PageSession.ConfidencesAtOrAbove(prediction, await session.ThresholdAsync()).Count);
        await Expect(session.Alert).ToContainTextAsync("Too many requests");
        await Expect(session.Page.GetByTestId("xray-image")).ToBeHiddenAsync();

        // Without the image the annotated PNG would be boxes on nothing: its button waits for the image; the JSON's does not.
        await Expect(session.Page.GetByTestId("download-png")).ToBeDisabledAsync();
        await Expect(session.Page.GetByTestId("download-json")).ToBeEnabledAsync();
        await session.Page.UnrouteAsync("**/image");
        var id = prediction.GetProperty("id").GetString()!;
        await session.Page.Locator($"[data-testid=history-item][data-id='{id}']").ClickAsync();
        await Expect(session.Page.GetByTestId("xray-image")).ToBeVisibleAsync();
        await Expect(session.Page.GetByTestId("download-png")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Deleting_the_shown_prediction_during_an_upload_still_shows_the_upload()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var shown = await session.UploadAsync(BrowserTestPaths.SecondXray);
        var held = new TaskCompletionSource();
        await session.Page.RouteAsync("**/api/v1/predictions", async route =>
        {
            if (route.Request.Method == "POST")
            {
                await held.Task;
            }

            await route.ContinueAsync();
        });
        session.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var upload = session.Page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/predictions", StringComparison.Ordinal));

        await session.Page.GetByTestId("file-input").SetInputFilesAsync(BrowserTestPaths.XrayWithFindings);
        await Expect(session.Page.GetByTestId("busy")).ToBeVisibleAsync();
        await session.Page.GetByTestId("delete-prediction").ClickAsync();
        await Expect(session.Page.Locator($"[data-testid=history-item][data-id='{shown.GetProperty("id").GetString()}']")).ToHaveCountAsync(0);
        held.SetResult();

        using var created = JsonDocument.Parse(await (await upload).TextAsync());
        await session.WaitUntilShownAsync(created.RootElement.GetProperty("id").GetString()!);
        await Expect(session.Page.GetByTestId("verdict-panel")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Deleting_the_shown_prediction_clears_the_page_and_its_history_entry()
    {
        var session = new PageSession(await fixture.OpenPageAsync(), output);
        var prediction = await session.UploadAsync(BrowserTestPaths.SecondXray);
        var id = prediction.GetProperty("id").GetString()!;
        var entry = session.Page.Locator($"[data-testid=history-item][data-id='{id}']");
        await Expect(entry).ToHaveCountAsync(1);
        string? question = null;
        session.Page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };

        await session.Page.GetByTestId("delete-prediction").ClickAsync();

        await Expect(entry).ToHaveCountAsync(0);
        await Expect(session.Page.GetByTestId("verdict-panel")).ToBeHiddenAsync();
        await Expect(session.Page.GetByTestId("xray-image")).ToBeHiddenAsync();
        Assert.Contains(Path.GetFileName(BrowserTestPaths.SecondXray), question, StringComparison.Ordinal);
        using var gone = await fixture.Http.GetAsync(new Uri($"/api/v1/predictions/{id}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }
}
