using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// Tensor additions that pass libtorch an alpha the managed side holds. TorchSharp's <c>a + b</c>, <c>t + s</c>,
/// <c>s - t</c> and one-argument <c>add</c> / <c>add_</c> call the alpha form with a temporary Scalar 1 made inside
/// TorchSharp; nothing keeps it reachable through the native call, so a garbage collection on another thread can free
/// it while libtorch reads it (docs/training.md, "Scalars held through native calls"). Training code adds through
/// these instead. The one Scalar is static and never disposed: it lives as long as the process, and libtorch only
/// reads it, so every thread may share it.
/// </summary>
internal static class HeldAlpha
{
    // An integer 1, as TorchSharp's own temporary: libtorch then computes exactly what the operator does.
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><c>left + right</c>, a new tensor.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    /// <summary><c>left + right</c> for a Scalar the caller holds, a new tensor.</summary>
    public static Tensor Plus(this Tensor left, Scalar right) => left.add(right, One);

    /// <summary><c>left += right</c> in place; returns <paramref name="left"/>.</summary>
    public static Tensor PlusInPlace(this Tensor left, Tensor right) => left.add_(right, One);

    /// <summary><c>left += right</c> in place for a Scalar the caller holds; returns <paramref name="left"/>.</summary>
    public static Tensor PlusInPlace(this Tensor left, Scalar right) => left.add_(right, One);

    /// <summary>Adds 1 to an integer counter in place (BatchNorm's <c>num_batches_tracked</c>); returns it.</summary>
    public static Tensor Increment(this Tensor counter) => counter.add_(One, One);

    /// <summary><c>left - right</c> for a Scalar the caller holds on the left, a new tensor.</summary>
    public static Tensor Minus(this Scalar left, Tensor right)
    {
        using var negated = right.negative();
        return negated.add(left, One);
    }
}
