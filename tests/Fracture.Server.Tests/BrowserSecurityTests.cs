using System.Net;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>
/// What keeps a browser from being turned against the server: security headers on every answer, cross-site
/// uploads and deletions refused (CSRF), and a loopback server that answers no foreign host name (DNS rebinding).
/// </summary>
public sealed class BrowserSecurityTests : ServerTestBase
{
    [Theory]
    [InlineData("/")]
    [InlineData("/js/main.js")]
    [InlineData("/api/v1/models")]
    [InlineData("/api/v1/predictions/0123456789abcdef0123456789abcdef/image")] // a 404
    [InlineData("/no-such-page")]
    public async Task Every_answer_has_the_security_headers(string path)
    {
        using var response = await Uploads.GetAsync(Client, path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Resource-Policy"));
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal("no-store", Header(response, "Cache-Control"));
        }
    }

    [Fact]
    public async Task A_stored_image_is_a_png_that_is_never_sniffed_or_cached()
    {
        var prediction = await PostFixtureAsync(0, task: "classify");

        using var response = await Uploads.GetAsync(Client, prediction.Links.Image);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-store", Header(response, "Cache-Control"));
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    public async Task An_upload_from_another_site_is_refused_and_stores_nothing(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Uploads.Endpoint) { Content = Uploads.Form(FixtureBytes()) };
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Client.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty((await GetJsonAsync<PredictionList>("/api/v1/predictions")).Items);
    }

    [Fact]
    public async Task A_deletion_from_another_site_is_refused()
    {
        var prediction = await PostFixtureAsync(0, task: "classify");
        using var request = new HttpRequestMessage(HttpMethod.Delete, prediction.Links.Self);
        request.Headers.TryAddWithoutValidation("Origin", "http://evil.example");

        await Problems.AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await Uploads.GetAsync(Client, prediction.Links.Self)).StatusCode);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "same-origin")] // the server's own page
    [InlineData("Origin", "http://localhost")] // an older browser on the server's own page (the test host is localhost)
    public async Task An_upload_from_the_servers_own_page_is_accepted(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Uploads.Endpoint) { Content = Uploads.Form(FixtureBytes(), task: "classify") };
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_loopback_server_refuses_a_foreign_host_name_and_answers_localhost_and_addresses()
    {
        using var data = new TempDirectory();
        using var factory = new ServerFactory(data.Path);
        factory.StartOnLoopback();
        using var client = factory.CreateClient();
        var port = client.BaseAddress!.Port;

        var refused = await GetWithHostAsync(client, $"rebind.evil.example:{port}");
        Assert.Contains("AllowedHosts", Problems.Detail(await Problems.AssertProblemAsync(refused, HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", $"app.localhost:{port}", $"[::1]:{port}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await GetWithHostAsync(client, host)).StatusCode);
        }
    }

    [Fact]
    public async Task A_loopback_server_answers_the_names_allowed_hosts_lists()
    {
        using var data = new TempDirectory();
        using var factory = new ServerFactory(data.Path, new() { ["AllowedHosts"] = "fracture.example" });
        factory.StartOnLoopback();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await GetWithHostAsync(client, $"fracture.example:{client.BaseAddress!.Port}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetWithHostAsync(client, $"rebind.evil.example:{client.BaseAddress!.Port}")).StatusCode);
    }

    private static async Task<HttpResponseMessage> GetWithHostAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/predictions");
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : string.Empty;
}
