using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
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

    [Fact]
    public async Task An_upload_still_arriving_at_the_timeout_is_answered_504_not_reset()
    {
        // The form reader aborted the connection when the deadline's token fired: a TCP reset and no answer at all.
        using var factory = new ServerFactory(_data.Path, new() { ["Fracture:Server:RequestTimeoutSeconds"] = "0.5" });
        factory.StartOnLoopback();
        using var client = factory.CreateClient();

        // A raw socket that sends the headers and half the body, then stalls (HttpClient waits for its body to be sent).
        using var form = Uploads.Form(File.ReadAllBytes(TestPaths.FixtureImages[0]));
        form.Add(new ByteArrayContent(new byte[1024 * 1024]), "padding", "padding.bin");
        var body = await form.ReadAsByteArrayAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, client.BaseAddress!.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {Uploads.Endpoint} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {form.Headers.ContentType}\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body.AsMemory(0, body.Length / 2));

        // The whole answer (chunked: up to its last, empty chunk); the old server reset the connection instead.
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!answer.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, patience.Token);
            Assert.True(read > 0, $"the connection closed after: {answer}");
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var text = answer.ToString();
        Assert.StartsWith("HTTP/1.1 504 ", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", text, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Timed out\"", text, StringComparison.Ordinal);
        Assert.Contains("within 0.5 s", text, StringComparison.Ordinal);

        // The server lives on and answers the next connection.
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
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
