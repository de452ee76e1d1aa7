using System.Globalization;

namespace Fracture.Training.Engine;

/// <summary>train.log: timestamped lines, flushed at once so the log of a killed run is complete up to the kill.</summary>
public sealed class RunLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public RunLog(string path)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public void Write(string message)
    {
        lock (_gate)
        {
            _writer.WriteLine($"{DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {message}");
        }
    }

    public void Dispose() => _writer.Dispose();
}
