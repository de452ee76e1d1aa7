using System.Buffers;
using System.IO.Pipelines;

namespace Fracture.Server.Predictions;

/// <summary>
/// The request body as a stream whose reads end at a deadline (<see cref="OperationCanceledException"/>), for the
/// form reader. The deadline is not ReadFormAsync's token: the form reader aborts the connection when its token fires
/// (a TCP reset, no answer at all). It stops a pending read with <see cref="PipeReader.CancelPendingRead"/>, and the
/// cancelled read is handed back (AdvanceTo) before it throws, so Kestrel can still send the 504 and drain the rest of
/// the body; Kestrel's own request stream leaves the read open, and its drain then fails with an error in the log.
/// </summary>
internal sealed class DeadlineReadStream : Stream
{
    private readonly PipeReader _reader;
    private readonly CancellationToken _deadline;
    private readonly CancellationTokenRegistration _registration;

    public DeadlineReadStream(PipeReader reader, CancellationToken deadline)
    {
        _reader = reader;
        _deadline = deadline;
        _registration = deadline.UnsafeRegister(static r => ((PipeReader)r!).CancelPendingRead(), reader);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _deadline.ThrowIfCancellationRequested();
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            _reader.AdvanceTo(result.Buffer.Start);
            throw new OperationCanceledException("the request's deadline passed while its body was read", _deadline);
        }

        // The length is taken before AdvanceTo, which may hand the buffer's segments back to the pool.
        var read = result.Buffer.Slice(0, Math.Min(buffer.Length, result.Buffer.Length));
        var count = (int)read.Length;
        read.CopyTo(buffer.Span);
        _reader.AdvanceTo(read.End);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The form reader reads asynchronously only (Kestrel refuses synchronous body reads anyway).
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _registration.Dispose();
        }

        base.Dispose(disposing);
    }
}
