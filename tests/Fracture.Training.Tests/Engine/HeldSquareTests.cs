using Fracture.Training.Engine;
using Fracture.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Tests.Engine;

/// <summary>
/// <see cref="HeldSquare.Squared"/> is TorchSharp's <c>square()</c> bit for bit, gradient included, so the CIoU loss's
/// golden values stand; and it survives a thread that collects all the while.
/// </summary>
public sealed class HeldSquareTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float64)]
    public void Squares_and_their_gradients_match_TorchSharps_bit_for_bit(ScalarType type)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        using var ten = 10.ToScalar();
        var values = (randn([4, 6], generator: generator) * ten).to_type(type);
        var theirs = values.clone().requires_grad_(true);
        var ours = values.clone().requires_grad_(true);

        var expected = theirs.square();
        var actual = ours.Squared();
        expected.sum().backward();
        actual.sum().backward();

        Assert.Equal(type, actual.dtype);
        Assert.Equal(Values(expected), Values(actual));
        Assert.Equal(Values(theirs.grad!), Values(ours.grad!));
    }

    [Fact]
    public void Squaring_survives_a_thread_that_collects_all_the_while()
    {
        using var three = tensor(Enumerable.Repeat(3f, 256).ToArray());
        var iterations = 0;
        var wrong = 0;
        using (new CollectingThread())
        {
            // Bounded in time as HeldAlphaTests' loop, and for the same reason; but never fewer than 101 squares, which
            // a busy machine's collector once held it to in 10 s (21 in a CI run): the count is what is asserted, not a speed.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (iterations < 400_000 && (clock.Elapsed < TimeSpan.FromSeconds(10) || (iterations <= 100 && clock.Elapsed < TimeSpan.FromMinutes(5))))
            {
                using var scope = NewDisposeScope();
                wrong += three.Squared()[0].item<float>() == 9f ? 0 : 1;
                iterations++;
            }
        }

        Assert.True(iterations > 100, $"only {iterations} squares");
        Assert.Equal(0, wrong);
    }

    private static double[] Values(Tensor t)
    {
        using var asDouble = t.detach().to_type(ScalarType.Float64);
        return asDouble.data<double>().ToArray();
    }
}
