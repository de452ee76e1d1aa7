using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// <c>x²</c> with an exponent the managed side holds. TorchSharp's <c>square()</c> is <c>pow(2)</c> with an implicit
/// Scalar made inside it, which a garbage collection on another thread can free while libtorch reads it (the race in
/// docs/training.md, "Scalars held through native calls"). Static and never disposed, like <see cref="HeldAlpha"/>'s 1.
/// </summary>
internal static class HeldSquare
{
    // An integer 2, as TorchSharp's own: libtorch then computes exactly what square() does.
    private static readonly Scalar Two = 2.ToScalar();

    /// <summary><c>x * x</c> element-wise, a new tensor: <c>square()</c>'s computation and gradient.</summary>
    public static Tensor Squared(this Tensor x) => x.pow(Two);
}
