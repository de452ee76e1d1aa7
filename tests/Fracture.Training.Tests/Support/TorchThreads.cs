using TorchSharp;

namespace Fracture.Training.Tests.Support;

/// <summary>
/// libtorch on <see cref="Count"/> threads while the <see cref="SeededTorchTests"/> run: sums split across threads
/// round differently, so the training a seed gives followed libtorch's default (the machine's core count) and any test
/// that set another count before (the benchmarks set 2). Two is the build machine's count, where the bounds were set.
/// </summary>
public sealed class TorchThreads : IDisposable
{
    public const int Count = 2;

    private readonly int _before = torch.get_num_threads();

    public TorchThreads() => torch.set_num_threads(Count);

    public void Dispose() => torch.set_num_threads(_before);
}
