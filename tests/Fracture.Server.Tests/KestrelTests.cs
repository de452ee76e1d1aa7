using System.Net;
using System.Net.Http.Headers;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>On real Kestrel (loopback, a free port), a body over the limit is refused while it streams in: 413 ProblemDetails.</summary>
public sealed class KestrelTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_from_kestrel()
    {
        using var factory = new ServerFactory(_data.Path, new() { ["Fracture:Server:MaxUploadBytes"] = "100000" });
        factory.StartOnLoopback();
        using var client = factory.CreateClient();
        Assert.NotEqual(80, client.BaseAddress!.Port); // a real socket, not the in-memory test server

        // Two parts each under the per-file limit, together past the body limit (file limit + 64 KB), sent without
        // a Content-Length, so only Kestrel's count of the streamed bytes can stop it.
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(new byte[90_000]), "image", "a.jpg");
        form.Add(new ByteArrayContent(new byte[90_000]), "extra", "b.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, Uploads.Endpoint) { Content = new ChunkedContent(form) };
        using var response = await client.SendAsync(request);
        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>Streams another content without announcing its length, so the client sends it chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream, context);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
