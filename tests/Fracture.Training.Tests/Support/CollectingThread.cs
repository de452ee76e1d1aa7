namespace Fracture.Training.Tests.Support;

/// <summary>
/// A thread that runs gen-0 garbage collections back to back until disposed: the condition under which a Scalar that
/// nothing holds is freed while libtorch still reads it (docs/training.md, "Scalars held through native calls").
/// </summary>
internal sealed class CollectingThread : IDisposable
{
    private readonly Thread _thread;
    private readonly int _collectionsAtStart = GC.CollectionCount(0);
    private volatile bool _stop;

    public CollectingThread()
    {
        _thread = new Thread(() =>
        {
            while (!_stop)
            {
                GC.Collect(0);
            }
        });
        _thread.Start();
    }

    /// <summary>Gen-0 collections since it started (its own and any other).</summary>
    public int Collections => GC.CollectionCount(0) - _collectionsAtStart;

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
