namespace Fracture.Server.Tests.Browser;

/// <summary>A browser and a server that requires an API key (<see cref="Key"/>) for everything under /api.</summary>
public sealed class ApiKeyBrowserFixture : BrowserFixture
{
    public const string Key = "browser-test-key";

    public ApiKeyBrowserFixture()
        : base(Key)
    {
    }
}
