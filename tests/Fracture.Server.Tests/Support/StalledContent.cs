using System.Net;
using System.Net.Http.Headers;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// A request body sent in two halves, the second only when the test says so: an upload that is slow on purpose,
/// with no sleeps.
/// </summary>
internal sealed class StalledContent : HttpContent
{
    private readonly byte[] _body;
    private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StalledContent(byte[] body, MediaTypeHeaderValue? contentType)
    {
        _body = body;
        Headers.ContentType = contentType;
    }

    /// <summary>Completes once the first half has been written and flushed.</summary>
    public Task HalfSent => _halfSent.Task;

    public void Resume() => _resume.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var half = _body.Length / 2;
        await stream.WriteAsync(_body.AsMemory(0, half));
        await stream.FlushAsync();
        _halfSent.TrySetResult();
        await _resume.Task;
        await stream.WriteAsync(_body.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
