using Fracture.Server.Tests.Support;
using Microsoft.Playwright;

namespace Fracture.Server.Tests.Browser;

/// <summary>
/// One server on real Kestrel (a browser cannot reach the in-memory test server) on a free loopback port, with the
/// shipped models and its own empty data folder, and one headless chromium; each test opens its own page.
/// </summary>
public class BrowserFixture : IAsyncLifetime, IDisposable
{
    /// <summary>
    /// The servers' upload limit: 1 MB instead of the default 25 MB, so the 413 test moves a small file through
    /// the browser (a 25 MB one takes most of a minute to hand to chromium); the fixture X-rays are under 100 KB.
    /// </summary>
    public const long MaxUploadBytes = 1_000_000;

    private readonly string? _apiKey;
    private readonly TempDirectory _data = new();
    private ServerFactory? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserFixture()
        : this(null)
    {
    }

    /// <param name="apiKey">When set, the server requires it in X-Api-Key for everything under /api.</param>
    protected BrowserFixture(string? apiKey) => _apiKey = apiKey;

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client for checking the server's own answers beside what the page shows.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = await ChromiumInstaller.EnsureAsync();
        var settings = new Dictionary<string, string?> { ["Fracture:Server:MaxUploadBytes"] = $"{MaxUploadBytes}" };
        if (_apiKey is not null)
        {
            settings["Fracture:Server:ApiKey"] = _apiKey;
        }

        _server = new ServerFactory(_data.Path, settings);
        _server.StartOnLoopback();
        Http = _server.CreateClient();
        BaseAddress = Http.BaseAddress ?? throw new InvalidOperationException("the Kestrel server has no address");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
        });
    }

    /// <summary>A fresh page (own context: no shared storage) at the web page, ready for input.</summary>
    /// <param name="beforeLoad">Runs on the page before it loads (to route its requests, say).</param>
    public async Task<IPage> OpenPageAsync(Func<IPage, Task>? beforeLoad = null)
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            BaseURL = BaseAddress.ToString(),
        });
        // The machine may be busy (training in the background): waits are generous, never part of what is tested.
        // Expect(...) has its own default (5 s), which a busy CI machine can outlast.
        page.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000);
        if (beforeLoad is not null)
        {
            await beforeLoad(page);
        }

        var response = await page.GotoAsync("/");
        Assert.True(response is { Ok: true }, $"the server does not serve the web page at / (HTTP {response?.Status})");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        return page;
    }

    /// <summary>Closes the browser (xunit then calls <see cref="Dispose"/> for the server).</summary>
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http?.Dispose();
            _server?.Dispose();
            _data.Dispose();
        }
    }
}
