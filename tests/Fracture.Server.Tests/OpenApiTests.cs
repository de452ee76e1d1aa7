using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>The OpenAPI document describes every endpoint, and the API reference at /api-docs needs nothing from the internet.</summary>
public sealed partial class OpenApiTests : ServerTestBase
{
    [Fact]
    public async Task The_document_lists_every_endpoint_and_the_upload_form()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var root = document.RootElement;
        Assert.Equal("Fracture API", root.GetProperty("info").GetProperty("title").GetString());
        var paths = root.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [
                "DELETE /api/v1/predictions/{id}",
                "GET /api/v1/models",
                "GET /api/v1/predictions",
                "GET /api/v1/predictions/{id}",
                "GET /api/v1/predictions/{id}/annotated",
                "GET /api/v1/predictions/{id}/image",
                "GET /healthz",
                "GET /readyz",
                "POST /api/v1/predictions",
            ],
            operations);

        var post = paths.GetProperty("/api/v1/predictions").GetProperty("post");
        var form = post.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("image").GetProperty("format").GetString());
        Assert.Equal(["image"], form.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var statuses = post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["201", "400", "401", "403", "413", "415", "422", "429", "500", "503", "504", "507"], statuses);

        // The PNGs decode the stored file again: a DICOM on a machine without GDCM is 503, a file damaged since 422.
        foreach (var png in new[] { "/api/v1/predictions/{id}/image", "/api/v1/predictions/{id}/annotated" })
        {
            var responses = paths.GetProperty(png).GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal);
            Assert.Equal(["200", "400", "401", "404", "422", "429", "500", "503", "504"], responses);
        }

        var conf = Assert.Single(paths.GetProperty("/api/v1/predictions/{id}/annotated").GetProperty("get").GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "conf");
        Assert.Equal("query", conf.GetProperty("in").GetString());
        Assert.False(conf.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Contains("503", paths.GetProperty("/readyz").GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name));
    }

    [Fact]
    public async Task Every_api_operation_declares_401_and_the_stored_reads_declare_500()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        var api = paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Operation: $"{o.Name} {p.Name}", Responses: o.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList())))
            .ToList();
        Assert.Equal(7, api.Count);
        Assert.All(api, o => Assert.True(o.Responses.Contains("401"), $"{o.Operation} lacks 401"));

        // "Stored prediction unreadable": a row that does not parse (DamagedRowTests).
        foreach (var path in new[] { "/api/v1/predictions/{id}", "/api/v1/predictions/{id}/image", "/api/v1/predictions/{id}/annotated" })
        {
            Assert.Contains("500", paths.GetProperty(path).GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name));
        }

        var limit = Assert.Single(paths.GetProperty("/api/v1/predictions").GetProperty("get").GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "limit");
        Assert.Equal("integer", limit.GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_api_reference_loads_its_scripts_from_this_server()
    {
        using var page = await Uploads.GetAsync(Client, "/api-docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            using var response = await Uploads.GetAsync(Client, "/api-docs/" + script);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000, script);
        }
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
