using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Fracture.Server.Tests.Browser;

/// <summary>What the browser tests do on the page: upload through the file input (keeping the server's JSON answer),
/// read the slider's threshold, count what is drawn and listed, and save screenshots.</summary>
internal sealed class PageSession(IPage page, ITestOutputHelper output)
{
    private const string UploadRoute = "**/api/v1/predictions";

    private readonly TaskCompletionSource _uploadsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IPage Page => page;

    public ILocator Boxes => page.Locator("[data-testid=overlay] [data-testid=finding-box]");

    public ILocator Outlines => page.Locator("[data-testid=overlay] [data-testid=finding-outline]");

    public ILocator Labels => page.Locator("[data-testid=overlay] [data-testid=finding-label]");

    public ILocator Rows => page.Locator("[data-testid=findings-table] [data-testid=finding-row]");

    public ILocator Alert => page.GetByRole(AriaRole.Alert);

    /// <summary>Uploads a file and waits until the page shows the prediction; returns the server's JSON for it.</summary>
    public async Task<JsonElement> UploadAsync(string path)
    {
        var response = await UploadAndWaitAsync(() => page.GetByTestId("file-input").SetInputFilesAsync(path));
        return await ShownPredictionAsync(response);
    }

    /// <summary>Drops a file on the drop zone (a DragEvent carrying it, as a drag from the desktop would) and waits
    /// until the page shows the prediction; returns the server's JSON for it.</summary>
    public async Task<JsonElement> DropAsync(string path)
    {
        var dataTransfer = await page.EvaluateHandleAsync(
            """
            ([name, base64]) => {
              const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }));
              return transfer;
            }
            """,
            new[] { Path.GetFileName(path), Convert.ToBase64String(await File.ReadAllBytesAsync(path)) });
        var response = await UploadAndWaitAsync(() => page.GetByTestId("drop-zone").DispatchEventAsync(
            "drop", new Dictionary<string, object> { ["dataTransfer"] = dataTransfer }));
        return await ShownPredictionAsync(response);
    }

    /// <summary>Waits until the page shows the prediction and its image has come (or failed: the viewer is no longer busy).</summary>
    public Task WaitUntilShownAsync(string id) =>
        page.WaitForSelectorAsync($"body[data-prediction-id='{id}']:not(:has(#viewport[aria-busy='true']))");

    /// <summary>Leaves every upload (a POST of a prediction) unanswered, as a server gone quiet would, until the page
    /// cancels it; other requests go through. <see cref="ReleaseUploadsAsync"/> lets later uploads through again.</summary>
    public Task HoldUploadsAsync() => page.RouteAsync(UploadRoute, async route =>
    {
        if (route.Request.Method != "POST")
        {
            await route.ContinueAsync();
            return;
        }

        // Held until released, not for a fixed time: a busy machine may take longer than any fixed time to cancel.
        await _uploadsReleased.Task;
        try
        {
            await route.AbortAsync();
        }
        catch (PlaywrightException)
        {
            // Already cancelled by the page.
        }
    });

    public Task ReleaseUploadsAsync()
    {
        _uploadsReleased.TrySetResult();
        return page.UnrouteAsync(UploadRoute);
    }

    /// <summary>The exact threshold the page filters with (the slider's, or the detector's before it is moved).</summary>
    public async Task<double> ThresholdAsync()
    {
        var text = await page.GetByTestId("conf-value").GetAttributeAsync("data-threshold")
            ?? throw new InvalidOperationException("the slider's output has no data-threshold");
        return double.Parse(text, CultureInfo.InvariantCulture);
    }

    public Task SetSliderAsync(double value) =>
        page.GetByTestId("conf-slider").FillAsync(value.ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>Saves a full-page screenshot under artifacts/screenshots and prints its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserTestPaths.ScreenshotDirectory);
        var path = Path.Combine(BrowserTestPaths.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>Findings at or above the threshold that carry an outline (a segmenter's, with at least 3 points).</summary>
    public static int OutlinesAtOrAbove(JsonElement prediction, double threshold) =>
        prediction.GetProperty("findings").EnumerateArray().Count(f =>
            f.GetProperty("confidence").GetDouble() >= threshold
            && f.TryGetProperty("outline", out var outline) && outline.ValueKind == JsonValueKind.Array && outline.GetArrayLength() >= 3);

    /// <summary>Findings of a prediction JSON at or above a threshold, most confident first (what the page lists).</summary>
    public static IReadOnlyList<double> ConfidencesAtOrAbove(JsonElement prediction, double threshold) =>
        prediction.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("confidence").GetDouble())
            .Where(c => c >= threshold)
            .OrderDescending()
            .ToList();

    private async Task<JsonElement> ShownPredictionAsync(IResponse response)
    {
        Assert.Equal(201, response.Status);
        var prediction = await response.JsonAsync() ?? throw new InvalidOperationException("no JSON in the 201 answer");
        await WaitUntilShownAsync(prediction.GetProperty("id").GetString()!);
        return prediction;
    }

    private async Task<IResponse> UploadAndWaitAsync(Func<Task> upload) =>
        await page.RunAndWaitForResponseAsync(upload, r =>
            r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/v1/predictions");
}
